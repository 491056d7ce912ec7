package io.vigil.wire;

/**
 * A location in a message, rendered as an RFC 6901 JSON pointer only when a violation needs it.
 *
 * @param parent null for the root
 * @param name the property name, or null for an array element
 * @param index the array index, when {@code name} is null
 */
record Pointer(Pointer parent, String name, int index) {
  static final Pointer ROOT = new Pointer(null, null, -1);

  Pointer child(String property) {
    return new Pointer(this, property, -1);
  }

  Pointer child(int element) {
    return new Pointer(this, null, element);
  }

  /** The RFC 6901 form: {@code ""} for the root, {@code /Events/0/Payload} below it. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    append(out);
    return out.toString();
  }

  private void append(StringBuilder out) {
    if (parent == null) {
      return;
    }
    parent.append(out);
    out.append('/');
    if (name == null) {
      out.append(index);
    } else {
      // RFC 6901 section 3: '~' is written ~0 and '/' is written ~1.
      out.append(name.replace("~", "~0").replace("/", "~1"));
    }
  }
}
