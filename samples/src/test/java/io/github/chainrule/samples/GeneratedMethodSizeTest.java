package io.github.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * HotSpot does not JIT-compile a method whose bytecode is longer than 8,000 bytes
 * ({@code -XX:-DontCompileHugeMethods} is off by default): such a method runs interpreted, 10 to
 * 100 times slower. Every generated method of the samples must stay below that.
 */
class GeneratedMethodSizeTest {
  private static final int HUGE_METHOD_LIMIT = 8000;

  @Test
  void everyGeneratedMethodIsSmallEnoughToBeCompiled() throws IOException {
    Path classes = Path.of("target/classes/io/github/chainrule/samples");
    List<Path> generated;
    try (Stream<Path> files = Files.list(classes)) {
      generated = files.filter(p -> p.getFileName().toString().contains("_Grad")).sorted().toList();
    }
    assertFalse(generated.isEmpty(), "no generated classes under " + classes);
    List<String> tooLarge = new ArrayList<>();
    int methods = 0;
    for (Path file : generated) {
      for (Map.Entry<String, Integer> m : codeLengths(file).entrySet()) {
        methods++;
        if (m.getValue() >= HUGE_METHOD_LIMIT) {
          tooLarge.add(file.getFileName() + " " + m.getKey() + ": " + m.getValue() + " bytes");
        }
      }
    }
    assertTrue(methods > 0, "no methods found");
    assertTrue(tooLarge.isEmpty(), "methods over the JIT limit: " + tooLarge);
  }

  /** Method name and descriptor to bytecode length, read from the class file (JVMS 4). */
  static Map<String, Integer> codeLengths(Path classFile) throws IOException {
    Map<String, Integer> out = new LinkedHashMap<>();
    try (InputStream raw = Files.newInputStream(classFile);
        DataInputStream in = new DataInputStream(raw)) {
      in.readInt(); // magic
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 3, 4 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++; // takes two entries
          }
          case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
          case 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
        }
      }
      in.readUnsignedShort(); // access
      in.readUnsignedShort(); // this
      in.readUnsignedShort(); // super
      int interfaces = in.readUnsignedShort();
      for (int i = 0; i < interfaces; i++) {
        in.readUnsignedShort();
      }
      skipMembers(in); // fields
      int methodCount = in.readUnsignedShort();
      for (int m = 0; m < methodCount; m++) {
        in.readUnsignedShort();
        String name = utf8[in.readUnsignedShort()];
        String descriptor = utf8[in.readUnsignedShort()];
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (attribute.equals("Code")) {
            in.readUnsignedShort(); // max stack
            in.readUnsignedShort(); // max locals
            int codeLength = in.readInt();
            out.put(name + descriptor, codeLength);
            in.skipNBytes(length - 8);
          } else {
            in.skipNBytes(length);
          }
        }
      }
    }
    return out;
  }

  private static void skipMembers(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    for (int i = 0; i < count; i++) {
      in.readUnsignedShort();
      in.readUnsignedShort();
      in.readUnsignedShort();
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        in.readUnsignedShort();
        in.skipNBytes(in.readInt());
      }
    }
  }
}
