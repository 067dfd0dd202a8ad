// expect: CR124 CustomTargetType.bucket(double) cannot have a custom derivative: it must return double or float
// expect-column-at: @DerivativeOf
package bad;

import io.github.chainrule.DerivativeOf;

class CustomTargetType {
  static int bucket(double x) {
    return (int) Math.floor(x);
  }

  @DerivativeOf(method = "bucket") // error here
  static int bucketPullback(double x, int seed, double[] adj, int at) {
    return bucket(x);
  }
}
