/**
 * The device's metrics and health, on the process's {@link io.maskwatch.core.ops.ProcessOps}: what
 * each source and the pipeline did (frames, drops, faces, events, the time of each stage), what
 * waits in the store to be sent, and whether the device is ready (the store takes writes, every
 * camera sends frames). {@link io.maskwatch.edge.ops.DeviceOps} wires them for {@code detect} and
 * {@code dispatch}.
 */
package io.maskwatch.edge.ops;
