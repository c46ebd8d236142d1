package io.maskwatch.classifier.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.classifier.data.Label;
import org.junit.jupiter.api.Test;

/** Report figures against a confusion matrix worked out by hand. */
class ClassificationReportTest {

    @Test
    void figuresMatchAHandWorkedConfusionMatrix() {
        // actual with_mask: 30 right, 10 called no_mask (support 40)
        // actual without_mask: 5 called mask, 55 right (support 60)
        ConfusionMatrix m = new ConfusionMatrix();
        m.add(Label.WITH_MASK, Label.WITH_MASK, 30);
        m.add(Label.WITH_MASK, Label.WITHOUT_MASK, 10);
        m.add(Label.WITHOUT_MASK, Label.WITH_MASK, 5);
        m.add(Label.WITHOUT_MASK, Label.WITHOUT_MASK, 55);

        ClassificationReport r = ClassificationReport.of(m);

        // mask: precision 30/35, recall 30/40, f1 = 2pr/(p+r) = 0.8
        assertThat(r.scores(Label.WITH_MASK).precision()).isCloseTo(30.0 / 35, within(1e-9));
        assertThat(r.scores(Label.WITH_MASK).recall()).isCloseTo(0.75, within(1e-9));
        assertThat(r.scores(Label.WITH_MASK).f1()).isCloseTo(0.8, within(1e-9));
        assertThat(r.scores(Label.WITH_MASK).support()).isEqualTo(40);
        // no_mask: precision 55/65, recall 55/60, f1 = 0.88
        assertThat(r.scores(Label.WITHOUT_MASK).precision()).isCloseTo(55.0 / 65, within(1e-9));
        assertThat(r.scores(Label.WITHOUT_MASK).recall()).isCloseTo(55.0 / 60, within(1e-9));
        assertThat(r.scores(Label.WITHOUT_MASK).f1()).isCloseTo(0.88, within(1e-9));
        assertThat(r.scores(Label.WITHOUT_MASK).support()).isEqualTo(60);
        assertThat(r.accuracy()).isCloseTo(0.85, within(1e-9));
        // macro: plain means; weighted: by support 0.4 / 0.6
        assertThat(r.macro().precision()).isCloseTo((30.0 / 35 + 55.0 / 65) / 2, within(1e-9));
        assertThat(r.macro().recall()).isCloseTo((0.75 + 55.0 / 60) / 2, within(1e-9));
        assertThat(r.macro().f1()).isCloseTo(0.84, within(1e-9));
        assertThat(r.weighted().precision()).isCloseTo(0.4 * 30 / 35 + 0.6 * 55 / 65, within(1e-9));
        assertThat(r.weighted().recall()).isCloseTo(0.85, within(1e-9));
        assertThat(r.weighted().f1()).isCloseTo(0.848, within(1e-9));
        assertThat(r.toText()).contains("without_mask").contains("0.8800").contains("macro avg");
    }

    @Test
    void emptyClassesGiveZeroNotNaN() {
        ConfusionMatrix m = new ConfusionMatrix();
        m.add(Label.WITH_MASK, Label.WITH_MASK, 3);
        ClassificationReport r = ClassificationReport.of(m);
        assertThat(r.scores(Label.WITHOUT_MASK).precision()).isZero();
        assertThat(r.scores(Label.WITHOUT_MASK).recall()).isZero();
        assertThat(r.accuracy()).isEqualTo(1.0);
    }
}
