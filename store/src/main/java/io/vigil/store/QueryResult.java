package io.vigil.store;

import io.vigil.model.Require;
import java.util.List;

/**
 * The rows a read-only query returned.
 *
 * @param columns column names, in order
 * @param rows each row's values, in column order: String, Long, Double, Boolean or null; timestamps and JSON as text
 * @param truncated true if more rows existed than the caller's limit
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated) {
  public QueryResult {
    columns = Require.copy(columns, "columns");
    Require.present(rows, "rows");
    rows = List.copyOf(rows.stream().map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r))).toList());
  }
}
