package io.maskwatch.vision.pipeline;

/**
 * Hears each frame a pipeline analyses, as it happens: live figures (the device's metrics) need
 * them while a camera runs, long before the run's summary. Called on the pipeline's thread, so an
 * observer must be quick (counting, recording a time).
 */
@FunctionalInterface
public interface PipelineObserver {
    PipelineObserver NONE = (detected, classified, stages) -> {};

    /**
     * @param detected faces the detector found in the frame (0 on a frame it did not look at)
     * @param classified faces classified in the frame
     * @param stages the frame's own clock: {@link StageTimes.Clock#took} is each stage's time on this
     *     frame, -1 for a stage that did not run
     */
    void frameAnalysed(int detected, int classified, StageTimes.Clock stages);
}
