package io.maskwatch.train;

import io.maskwatch.classifier.data.Label;
import java.awt.Color;
import java.awt.image.BufferedImage;

/** A face decoded for training, with the colour augmentation fills uncovered corners with. */
record Sample(BufferedImage pixels, Color fill, Label label) {}
