package io.github.chainrule.processor.emit;

import io.github.chainrule.processor.ir.Type;
import java.util.List;

/**
 * The JVM's limit on parameters, and the forms of generated methods that respect it. A method
 * descriptor has at most 255 parameter slots, a {@code double} or {@code long} taking two. A
 * tangent passes each differentiable scalar's tangent after it, which doubles a wide signature:
 * where that would pass the limit, the tangent takes the scalar tangents packed in one {@code
 * double[]} instead (the <em>packed</em> form, {@code fTangent(x, y, ..., double[] dot, aDot,
 * ...)}).
 */
public final class Signatures {
  /** Parameter slots a JVM method descriptor may have (JVMS 4.3.3). */
  public static final int MAX_SLOTS = 255;

  private Signatures() {}

  public static int slots(Type t) {
    return t == Type.DOUBLE || t == Type.LONG ? 2 : 1;
  }

  /** The slots of the tangent written with one tangent after each differentiable parameter. */
  public static int unpackedTangentSlots(List<Type> types, List<Boolean> differentiable) {
    int n = 0;
    for (int i = 0; i < types.size(); i++) {
      n += slots(types.get(i)) * (differentiable.get(i) ? 2 : 1);
    }
    return n;
  }

  /** The slots of the packed tangent: the parameters, the {@code double[]}, the arrays' tangents. */
  public static int packedTangentSlots(List<Type> types, List<Boolean> differentiable) {
    int n = 1;
    for (int i = 0; i < types.size(); i++) {
      n += slots(types.get(i)) + (differentiable.get(i) && types.get(i).isArray() ? 1 : 0);
    }
    return n;
  }

  /** Whether the tangent of a method with these parameters takes its scalar tangents packed. */
  public static boolean packedTangent(List<Type> types, List<Boolean> differentiable) {
    return unpackedTangentSlots(types, differentiable) > MAX_SLOTS;
  }

  /** The slots of the pullback with its tape: parameters, seed, adjoint block, arrays' adjoints, tape. */
  public static int pullbackSlots(List<Type> types, List<Boolean> differentiable, Type returnType) {
    int n = slots(returnType) + 1;
    boolean scalars = false;
    for (int i = 0; i < types.size(); i++) {
      n += slots(types.get(i));
      if (differentiable.get(i)) {
        if (types.get(i).isArray()) {
          n++;
        } else {
          scalars = true;
        }
      }
    }
    return n + (scalars ? 2 : 0);
  }

  /** The slots of the gradient record's constructor: the value and one component per partial. */
  public static int recordSlots(List<Type> types, List<Boolean> differentiable, Type returnType) {
    int n = slots(returnType);
    for (int i = 0; i < types.size(); i++) {
      if (differentiable.get(i)) {
        n += slots(types.get(i));
      }
    }
    return n;
  }
}
