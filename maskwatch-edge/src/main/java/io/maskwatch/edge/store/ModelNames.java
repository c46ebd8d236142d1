package io.maskwatch.edge.store;

/** The names of the face detector and the mask classifier a device runs (what its events carry). */
public record ModelNames(String faceModel, String maskModel) {}
