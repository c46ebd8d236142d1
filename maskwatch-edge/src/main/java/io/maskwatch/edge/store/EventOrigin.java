package io.maskwatch.edge.store;

/**
 * Who saw an event and with which models: the seed's {@code alert} columns that are the same for
 * every event of a run. The event itself is the tracker's {@code FaceEvent}, stored as it is.
 */
public record EventOrigin(DeviceInfo device, ModelInfo faceModel, ModelInfo maskModel) {}
