package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.hub.settings.Settings;
import io.vigil.store.DuckDbWorkspace;
import io.vigil.store.ResidentWorkspaces;
import io.vigil.store.QueryResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "query", mixinStandardHelpOptions = true,
    description = {"Runs a read-only SQL query over the workspace (tables SecurityIoTRawEvent, SecurityAlert).",
        "Asks the running server when there is one, else opens the data dir read-only.",
        "Example: vigil query \"SELECT AlertName, DeviceId, Description FROM SecurityAlert\""})
final class QueryCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Format { table, json, csv }

  @Parameters(paramLabel = "SQL", description = "One read-only statement (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE).")
  String sql;

  @Option(names = "--format", defaultValue = "table", description = "table (default), json (one object per line) or csv.")
  Format format;

  @Option(names = "--max-rows", defaultValue = "1000", description = "At most this many rows (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory of the server.")
  Path dataDir;

  @Option(names = "--workspace", paramLabel = "NAME", defaultValue = "default",
      description = "The workspace to query (data residency: a security group's 'workspace' setting); default: ${DEFAULT-VALUE}.")
  String workspace;

  @Override
  public Integer call() throws Exception {
    Path dir = DataDir.resolve(dataDir);
    QueryResult result = run(dir);
    System.out.print(switch (format) {
      case table -> ResultFormat.table(result);
      case json -> ResultFormat.jsonLines(result);
      case csv -> ResultFormat.csv(result);
    });
    if (result.truncated()) {
      System.err.println("vigil: output truncated at " + maxRows + " rows; use --max-rows or LIMIT");
    }
    return 0;
  }

  private QueryResult run(Path dir) throws Exception {
    Settings.requireWorkspaceName(workspace);
    Optional<ServerClient> server = ServerClient.find(dir);
    if (server.isPresent()) {
      ServerClient.Response r = server.get().post("/api/v1/query",
          JSON.createObjectNode().put("sql", sql).put("maxRows", maxRows).put("workspace", workspace));
      if (r.status() != 200) {
        throw new IllegalArgumentException(r.error());
      }
      List<String> columns = new ArrayList<>();
      r.body().path("columns").forEach(c -> columns.add(c.asText()));
      List<List<Object>> rows = new ArrayList<>();
      for (JsonNode row : r.body().path("rows")) {
        List<Object> values = new ArrayList<>();
        row.forEach(v -> values.add(v.isNull() ? null : v.isNumber() ? v.numberValue() : v.isBoolean() ? v.asBoolean() : v.asText()));
        rows.add(values);
      }
      return new QueryResult(columns, rows, r.body().path("truncated").asBoolean());
    }
    try (DuckDbWorkspace ws = DuckDbWorkspace.openReadOnly(ResidentWorkspaces.file(dir, workspace))) {
      return ws.query(sql, maxRows);
    }
  }
}
