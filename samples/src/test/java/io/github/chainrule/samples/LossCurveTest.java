package io.github.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The loss curves the training samples draw: well-formed SVG with one point per epoch. */
class LossCurveTest {
  @Test
  void theIrisTrainingLossFallsAndIsDrawnAsOnePointPerEpoch() throws Exception {
    Iris iris = Iris.load();
    IrisMlp.Settings settings = IrisMlp.Settings.defaults();
    LossCurve curve = new LossCurve("Iris <loss> & more");
    IrisMlp.train(iris.standardisedFeatures(), iris.labels(), 3, settings, null, 1, curve);
    assertEquals(settings.epochs() + 1, curve.losses().size());
    assertTrue(curve.losses().get(curve.losses().size() - 1) < curve.losses().get(0) / 5, curve.losses().toString());

    Document svg =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(curve.toSvg().getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", svg.getDocumentElement().getTagName());
    Element line = (Element) svg.getElementsByTagName("polyline").item(0);
    assertEquals(settings.epochs() + 1, line.getAttribute("points").trim().split(" ").length);
    assertTrue(curve.toSvg().contains("Iris &lt;loss&gt; &amp; more"));
  }
}
