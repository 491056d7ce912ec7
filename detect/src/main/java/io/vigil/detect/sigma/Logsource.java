package io.vigil.detect.sigma;

import java.util.Locale;

/**
 * A Sigma logsource: which events a rule is written for, or which kind an event is. Each part is
 * lower-case, or null when not given.
 *
 * <p>A rule's logsource covers an event's when every part the rule gives equals the event's part:
 * a rule for {@code category: process_creation} alone covers {@code product: linux, category:
 * process_creation}.
 */
public record Logsource(String product, String category, String service) {
  public Logsource {
    product = normalize(product);
    category = normalize(category);
    service = normalize(service);
  }

  /** A logsource with a product and a category and no service. */
  public static Logsource of(String product, String category) {
    return new Logsource(product, category, null);
  }

  /** Whether a rule with this logsource applies to an event with {@code event}'s. */
  public boolean covers(Logsource event) {
    return (product == null || product.equals(event.product))
        && (category == null || category.equals(event.category))
        && (service == null || service.equals(event.service));
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    append(out, "product", product);
    append(out, "category", category);
    append(out, "service", service);
    return out.isEmpty() ? "any" : out.toString();
  }

  private static void append(StringBuilder out, String name, String value) {
    if (value != null) {
      out.append(out.isEmpty() ? "" : ", ").append(name).append(": ").append(value);
    }
  }

  private static String normalize(String part) {
    return part == null || part.isBlank() ? null : part.strip().toLowerCase(Locale.ROOT);
  }
}
