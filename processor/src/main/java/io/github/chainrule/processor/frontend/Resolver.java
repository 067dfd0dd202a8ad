package io.github.chainrule.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import io.github.chainrule.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Resolves the names a method body uses (classes, constants, methods) from declarations only:
 * during annotation processing bodies are not attributed, so names are looked up the way Java
 * scopes them: the enclosing class, single-type imports, the package, on-demand imports, {@code
 * java.lang}; static imports for unqualified fields and methods.
 */
public final class Resolver {
  private final Elements elements;
  private final TypeElement owner;
  private final CompilationUnitTree unit;

  Resolver(Elements elements, TypeElement owner, CompilationUnitTree unit) {
    this.elements = elements;
    this.owner = owner;
    this.unit = unit;
  }

  /** Our type for a declared type, or null if it is not one of the supported primitives. */
  public static Type typeOf(TypeMirror t) {
    return switch (t.getKind()) {
      case DOUBLE -> Type.DOUBLE;
      case FLOAT -> Type.FLOAT;
      case INT -> Type.INT;
      case LONG -> Type.LONG;
      case BOOLEAN -> Type.BOOLEAN;
      case ARRAY -> Type.ofJavaName(t.toString().replaceAll("\\s+", ""));
      default -> null;
    };
  }

  /** The class an expression such as {@code Math} or {@code java.lang.Math} names, or null. */
  TypeElement type(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id) {
      return simpleType(id.getName().toString());
    }
    if (tree instanceof MemberSelectTree select) {
      String qualified = qualifiedName(select);
      if (qualified != null) {
        TypeElement t = elements.getTypeElement(qualified);
        if (t != null) {
          return t;
        }
      }
      TypeElement outer = type(select.getExpression());
      if (outer != null) {
        return memberType(outer, select.getIdentifier().toString());
      }
    }
    return null;
  }

  private static String qualifiedName(Tree tree) {
    if (tree instanceof IdentifierTree id) {
      return id.getName().toString();
    }
    if (tree instanceof MemberSelectTree select) {
      String q = qualifiedName(select.getExpression());
      return q == null ? null : q + "." + select.getIdentifier();
    }
    return null;
  }

  private TypeElement simpleType(String name) {
    for (Element e = owner; e instanceof TypeElement t; e = t.getEnclosingElement()) {
      if (t.getSimpleName().contentEquals(name)) {
        return t;
      }
      TypeElement member = memberType(t, name);
      if (member != null) {
        return member;
      }
    }
    for (ImportTree imp : unit.getImports()) {
      if (!imp.isStatic()
          && imp.getQualifiedIdentifier() instanceof MemberSelectTree select
          && select.getIdentifier().contentEquals(name)) {
        TypeElement t = elements.getTypeElement(imp.getQualifiedIdentifier().toString());
        if (t != null) {
          return t;
        }
      }
    }
    String pkg = packageName();
    TypeElement t = elements.getTypeElement(pkg.isEmpty() ? name : pkg + "." + name);
    if (t != null) {
      return t;
    }
    for (ImportTree imp : unit.getImports()) {
      if (!imp.isStatic()
          && imp.getQualifiedIdentifier() instanceof MemberSelectTree select
          && select.getIdentifier().contentEquals("*")) {
        t = elements.getTypeElement(select.getExpression() + "." + name);
        if (t != null) {
          return t;
        }
      }
    }
    return elements.getTypeElement("java.lang." + name);
  }

  private String packageName() {
    PackageElement pkg = elements.getPackageOf(owner);
    return pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
  }

  private static TypeElement memberType(TypeElement t, String name) {
    for (Element e : t.getEnclosedElements()) {
      if ((e.getKind().isClass() || e.getKind().isInterface())
          && e.getSimpleName().contentEquals(name)) {
        return (TypeElement) e;
      }
    }
    return null;
  }

  /** The field {@code name} of {@code type}, inherited ones (interface constants) included, or null. */
  VariableElement field(TypeElement type, String name) {
    for (Element e : elements.getAllMembers(type)) {
      if (e.getKind() == ElementKind.FIELD && e.getSimpleName().contentEquals(name)) {
        return (VariableElement) e;
      }
    }
    return null;
  }

  /** A field named by a simple name: in the enclosing classes, then by static import. */
  VariableElement unqualifiedField(String name) {
    for (Element e = owner; e instanceof TypeElement t; e = t.getEnclosingElement()) {
      VariableElement f = field(t, name);
      if (f != null) {
        return f;
      }
    }
    for (TypeElement t : staticImportSources(name)) {
      VariableElement f = field(t, name);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /** The methods named {@code name} of {@code type}. */
  static List<ExecutableElement> methods(TypeElement type, String name) {
    List<ExecutableElement> out = new ArrayList<>();
    for (Element e : type.getEnclosedElements()) {
      if (e.getKind() == ElementKind.METHOD && e.getSimpleName().contentEquals(name)) {
        out.add((ExecutableElement) e);
      }
    }
    return out;
  }

  /** Methods named by a simple name: in the innermost enclosing class that has any, else by static import. */
  List<ExecutableElement> unqualifiedMethods(String name) {
    for (Element e = owner; e instanceof TypeElement t; e = t.getEnclosingElement()) {
      List<ExecutableElement> m = methods(t, name);
      if (!m.isEmpty()) {
        return m;
      }
    }
    List<ExecutableElement> out = new ArrayList<>();
    for (TypeElement t : staticImportSources(name)) {
      out.addAll(methods(t, name));
      if (!out.isEmpty()) {
        return out;
      }
    }
    return out;
  }

  /** Classes whose static member {@code name} is imported: single imports first, then on-demand. */
  private List<TypeElement> staticImportSources(String name) {
    List<TypeElement> single = new ArrayList<>();
    List<TypeElement> onDemand = new ArrayList<>();
    for (ImportTree imp : unit.getImports()) {
      if (imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree select) {
        String member = select.getIdentifier().toString();
        if (member.equals(name) || member.equals("*")) {
          TypeElement t = elements.getTypeElement(select.getExpression().toString());
          if (t != null) {
            (member.equals("*") ? onDemand : single).add(t);
          }
        }
      }
    }
    single.addAll(onDemand);
    return single;
  }
}
