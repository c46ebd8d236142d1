package io.maskwatch.edge.store;

/** A model that took part in an event: file name, its id, and the score threshold it ran with. */
public record ModelInfo(String name, String guid, double threshold) {}
