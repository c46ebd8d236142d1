package io.maskwatch.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One mapping of the YAML configuration, read key by key with types checked. Every error names the
 * full key ({@code tracking.cooldown_seconds}), what was found and what is expected, so a typo in
 * a device's configuration is fixed from the message alone.
 */
public final class ConfigSection {
    private final String origin;
    private final String path;
    private final ObjectNode node;
    private final Set<String> read = new TreeSet<>();
    /** Every single-value key asked for in this file, by its full name (shared by all sections). */
    private final Set<String> valueKeys;

    public ConfigSection(String origin, String path, JsonNode node) {
        this(origin, path, node, new TreeSet<>());
    }

    private ConfigSection(String origin, String path, JsonNode node, Set<String> valueKeys) {
        this.origin = origin;
        this.path = path;
        this.valueKeys = valueKeys;
        if (node == null || node.isNull() || node.isMissingNode()) {
            this.node = JsonNodeFactory.instance.objectNode();
        } else if (node.isObject()) {
            this.node = (ObjectNode) node;
        } else {
            throw errorAt(path, "expected a mapping of keys, got " + describe(node));
        }
    }

    public ConfigSection section(String key) {
        read.add(key);
        return new ConfigSection(origin, key(key), node.get(key), valueKeys);
    }

    /**
     * The full names of the single-value keys read so far in the whole file, present or not (the
     * keys an environment variable may set, see {@link EnvironmentOverrides}).
     */
    public Set<String> valueKeys() {
        return Set.copyOf(valueKeys);
    }

    public boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    public String string(String key, String fallback) {
        read.add(key);
        valueKeys.add(key(key));
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isValueNode()) {
            throw error(key, "expected a text value, got " + describe(value));
        }
        return value.asText();
    }

    public double decimal(String key, double fallback, double min, double max) {
        read.add(key);
        valueKeys.add(key(key));
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        double d;
        if (value.isNumber()) {
            d = value.asDouble();
        } else if (value.isTextual() && isNumber(value.asText())) {
            d = Double.parseDouble(value.asText().trim());
        } else {
            throw error(key, "expected a number between " + min + " and " + max + ", got " + describe(value));
        }
        if (!(d >= min && d <= max)) {
            throw error(key, "expected a number between " + min + " and " + max + ", got " + d);
        }
        return d;
    }

    /** An optional number: {@code null} when the key is absent (the consumer picks the default). */
    public Double optionalDecimal(String key, double min, double max) {
        return has(key) ? decimal(key, 0, min, max) : markRead(key);
    }

    public int integer(String key, int fallback, int min, int max) {
        read.add(key);
        valueKeys.add(key(key));
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        long v;
        if (value.isIntegralNumber()) {
            v = value.asLong();
        } else if (value.isTextual() && value.asText().trim().matches("-?\\d+")) {
            v = Long.parseLong(value.asText().trim());
        } else {
            throw error(key, "expected a whole number between " + min + " and " + max + ", got " + describe(value));
        }
        if (v < min || v > max) {
            throw error(key, "expected a whole number between " + min + " and " + max + ", got " + v);
        }
        return (int) v;
    }

    /** An optional whole number: {@code null} when the key is absent (the consumer picks the default). */
    public Integer optionalInteger(String key, int min, int max) {
        return has(key) ? Integer.valueOf(integer(key, 0, min, max)) : markRead(key);
    }

    /** A list of text values; a single text value is a list of one. */
    public List<String> stringList(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (value.isValueNode()) {
            out.add(value.asText());
            return out;
        }
        if (!value.isArray()) {
            throw error(key, "expected a list of text values, got " + describe(value));
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode() || item.isNull()) {
                throw errorAt(key(key) + "[" + i + "]", "expected a text value, got " + describe(item));
            }
            out.add(item.asText());
        }
        return out;
    }

    /**
     * The keys of this mapping, for sections whose keys are names the user chooses (sites); they
     * count as read.
     */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        read.addAll(out);
        return out;
    }

    /**
     * One of a fixed set of words (compared without regard to case), e.g. {@code opencv} or {@code
     * onnxruntime}; anything else is an error naming the key and every valid value.
     */
    public String choice(String key, String fallback, List<String> values) {
        String value = string(key, fallback);
        for (String valid : values) {
            if (valid.equalsIgnoreCase(value.trim())) {
                return valid;
            }
        }
        throw error(key, "expected one of " + values + ", got '" + value + "'");
    }

    public boolean bool(String key, boolean fallback) {
        read.add(key);
        valueKeys.add(key(key));
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual() && value.asText().trim().matches("(?i)true|false")) {
            return Boolean.parseBoolean(value.asText().trim());
        }
        throw error(key, "expected true or false, got " + describe(value));
    }

    /** A mapping of text values (e.g. extra Kafka client properties). */
    public Map<String, String> stringMap(String key) {
        ConfigSection inner = section(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<String> names = inner.node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            out.put(name, inner.string(name, ""));
        }
        return out;
    }

    /** A list whose items are mappings, or a single text item turned into a mapping by {@code textKey}. */
    public List<ConfigSection> list(String key, String textKey) {
        read.add(key);
        JsonNode value = node.get(key);
        List<ConfigSection> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isArray()) {
            throw error(key, "expected a list, got " + describe(value));
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (item.isValueNode()) {
                item = JsonNodeFactory.instance.objectNode().put(textKey, item.asText());
            }
            out.add(new ConfigSection(origin, key(key) + "[" + i + "]", item));
        }
        return out;
    }

    /** Rejects keys nobody read: a misspelt key would otherwise be silently ignored. */
    public void rejectUnknownKeys() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!read.contains(name)) {
                throw error(name, "unknown key; the keys of " + (path.isEmpty() ? "the file" : path) + " are " + read);
            }
        }
    }

    /** Keys present but not read (used for top-level sections of other components). */
    public List<String> unreadKeys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!read.contains(name)) {
                out.add(key(name));
            }
        });
        return out;
    }

    /** An error about {@code key} of this section, named with its full path. */
    public ConfigException error(String key, String problem) {
        return errorAt(key(key), problem);
    }

    private ConfigException errorAt(String fullKey, String problem) {
        return new ConfigException(origin + ": " + fullKey + ": " + problem);
    }

    private String key(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private <T> T markRead(String key) {
        read.add(key);
        valueKeys.add(key(key));
        return null;
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "'" + value.asText() + "'";
    }
}
