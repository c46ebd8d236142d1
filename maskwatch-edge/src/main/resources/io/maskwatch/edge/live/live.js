// MaskWatch live view: the counts and last events every second, one MJPEG stream per source.
// Addresses are built on location.origin: the page may have been opened as http://user:password@host/,
// and a browser refuses requests to an address that carries credentials.
"use strict";

const origin = window.location.origin;
const numbers = new Intl.NumberFormat();
let built = false;
let offline = false;

function text(id, value) {
  document.getElementById(id).textContent = value;
}

function element(tag, className, content) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (content !== undefined) e.textContent = content;
  return e;
}

function buildSources(sources) {
  const box = document.getElementById("sources");
  box.replaceChildren();
  for (const s of sources) {
    const figure = element("figure", "source");
    figure.id = "source-" + s.index;
    const picture = element("div", "picture");
    const img = element("img");
    img.alt = "Live frames of " + s.name;
    img.dataset.stream = origin + "/stream/" + s.index;
    img.src = img.dataset.stream;
    picture.append(img);
    const caption = element("figcaption");
    caption.append(element("span", "name", s.name), element("span", "counts"), element("span", "meta"));
    figure.append(picture, caption);
    box.append(figure);
  }
  built = true;
}

function reconnectStreams() {
  for (const img of document.querySelectorAll("img[data-stream]")) {
    img.src = img.dataset.stream + "?t=" + Date.now();
  }
}

function showSource(s) {
  const figure = document.getElementById("source-" + s.index);
  if (!figure) return;
  const counts = figure.querySelector(".counts");
  counts.replaceChildren(
    element("span", "", s.faces + (s.faces === 1 ? " face" : " faces")),
    element("span", "ok", s.mask + " mask"),
    element("span", "bad", s.no_mask + " no mask"),
    element("span", "", s.events + (s.events === 1 ? " event" : " events")));
  if (s.width) figure.querySelector(".picture").style.aspectRatio = s.width + " / " + s.height;
  const size = s.width ? s.width + "×" + s.height : "no frame yet";
  figure.querySelector(".meta").textContent = size + " · " + s.frames_per_second.toFixed(1) + " frames/s · "
    + numbers.format(s.frames) + " frames · " + s.viewers + " watching";
}

function showEvents(events) {
  const body = document.getElementById("events");
  if (events.length === 0) {
    body.replaceChildren(element("tr", "empty"));
    body.firstChild.append(element("td", "", "No event yet"));
    body.firstChild.firstChild.colSpan = 5;
    return;
  }
  body.replaceChildren(...events.map(e => {
    const row = element("tr");
    const time = new Date(e.time);
    const when = element("td", "", time.toLocaleTimeString([], { hour12: false }));
    when.title = time.toLocaleString();
    const source = element("td", "source-name", e.source);
    source.title = e.source;
    const sent = element("td");
    sent.append(e.low_evidence ? element("span", "pill low", "low evidence") : element("span", "pill sent", "alert"));
    if (e.low_evidence) sent.title = "the face crop is too small or blurred to judge: stored, never sent";
    row.append(when, source, element("td", "num", (e.probability * 100).toFixed(1) + " %"),
      element("td", "num", "#" + e.track), sent);
    return row;
  }));
}

function show(status) {
  if (!built) buildSources(status.sources);
  text("device", status.device);
  const t = status.totals;
  text("t-frames", numbers.format(t.frames));
  text("t-faces", numbers.format(t.faces));
  text("t-mask", numbers.format(t.mask));
  text("t-no-mask", numbers.format(t.no_mask));
  text("t-events", numbers.format(t.events));
  text("t-low", t.low_evidence > 0 ? t.low_evidence + " low-evidence (not sent)" : "");
  status.sources.forEach(showSource);
  showEvents(status.events);
  text("footer", "Streams are drawn only while watched, at most " + status.max_fps + " frames/s. Frames drawn: "
    + numbers.format(t.encoded) + "; analysed while nobody watched: " + numbers.format(t.unwatched)
    + ". Faces with and without a mask: in each source's newest frame; frames and events: since "
    + new Date(status.started).toLocaleString() + ".");
}

async function refresh() {
  try {
    const response = await fetch(origin + "/status", { cache: "no-store" });
    if (!response.ok) throw new Error("HTTP " + response.status);
    show(await response.json());
    document.getElementById("dot").className = "dot on";
    text("state", "live");
    if (offline) reconnectStreams();
    offline = false;
  } catch (e) {
    document.getElementById("dot").className = "dot off";
    text("state", "device not answering");
    offline = true;
  }
}

refresh();
setInterval(refresh, 1000);
