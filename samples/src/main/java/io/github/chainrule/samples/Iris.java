package io.github.chainrule.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Fisher's Iris data set: 150 flowers, 50 of each of the species <i>Iris setosa</i>, <i>Iris
 * versicolor</i> and <i>Iris virginica</i>, each measured four times (sepal length and width,
 * petal length and width, in cm).
 *
 * <p>The rows are in the resource {@code /iris.csv} of this module, as distributed by the UCI
 * Machine Learning Repository (data set "Iris", https://doi.org/10.24432/C56C76) under the Creative
 * Commons Attribution 4.0 International licence (CC BY 4.0); the data are from R. A. Fisher, <i>The
 * use of multiple measurements in taxonomic problems</i>, Annals of Eugenics 7 (1936) 179–188. The
 * comment at the top of the file says so too.
 *
 * @param features one row of four measurements per flower, in the order of the file
 * @param labels the species of each flower, an index into {@link #SPECIES}
 */
public record Iris(double[][] features, int[] labels) {

  /** The species, in the order of the labels. */
  public static final List<String> SPECIES =
      List.of("Iris-setosa", "Iris-versicolor", "Iris-virginica");

  /** The names of the four measurements, in the order of the columns. */
  public static final List<String> FEATURES =
      List.of("sepal length", "sepal width", "petal length", "petal width");

  /** The resource that holds the data, with its source and licence in a comment at the top. */
  public static final String RESOURCE = "/iris.csv";

  /**
   * Reads the 150 rows from the class path.
   *
   * @return the data set, in the order of the file
   */
  public static Iris load() {
    List<double[]> rows = new ArrayList<>();
    List<Integer> species = new ArrayList<>();
    try (InputStream in = Iris.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      boolean header = true;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) { // the column names
          header = false;
          continue;
        }
        String[] cells = line.split(",");
        if (cells.length != FEATURES.size() + 1) {
          throw new IllegalStateException("bad row in " + RESOURCE + ": " + line);
        }
        double[] row = new double[FEATURES.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = Double.parseDouble(cells[i]);
        }
        int label = SPECIES.indexOf(cells[FEATURES.size()]);
        if (label < 0) {
          throw new IllegalStateException("unknown species in " + RESOURCE + ": " + line);
        }
        rows.add(row);
        species.add(label);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] labels = new int[species.size()];
    for (int n = 0; n < labels.length; n++) {
      labels[n] = species.get(n);
    }
    return new Iris(rows.toArray(new double[0][]), labels);
  }

  /** Number of flowers. */
  public int size() {
    return labels.length;
  }

  /**
   * The features standardised column by column: minus the column's mean, divided by its (population)
   * standard deviation, so that every input of the network has mean 0 and variance 1.
   *
   * @return a new array, one row per flower
   */
  public double[][] standardisedFeatures() {
    int columns = FEATURES.size();
    double[][] out = new double[size()][columns];
    for (int i = 0; i < columns; i++) {
      double mean = 0;
      for (double[] row : features) {
        mean += row[i];
      }
      mean /= size();
      double variance = 0;
      for (double[] row : features) {
        variance += (row[i] - mean) * (row[i] - mean);
      }
      double deviation = Math.sqrt(variance / size());
      for (int n = 0; n < size(); n++) {
        out[n][i] = (features[n][i] - mean) / deviation;
      }
    }
    return out;
  }
}
