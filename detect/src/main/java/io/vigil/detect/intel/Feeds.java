package io.vigil.detect.intel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads threat-intelligence feeds: CSV, STIX 2.1 bundles and MISP events.
 *
 * <p>Every reader loads the good entries and reports each bad one with its line or object id in
 * {@link FeedResult#problems()}; it throws only when the input cannot be read at all. The formats
 * are described on {@link CsvIndicatorReader the CSV reader}, {@link StixIndicatorReader the STIX
 * reader} and {@link MispIndicatorReader the MISP reader}, and in this package's documentation.
 */
public final class Feeds {
  /** The classpath resource of the bundled default feed. */
  public static final String DEFAULT_FEED = "default-feed.csv";

  private Feeds() {}

  /**
   * Reads a CSV feed whose first line is the header {@code type,value,source,confidence,expires,tags}.
   *
   * @param name the feed's name, used in problem locations ({@code name:line}) and as the source
   *     of rows that name none
   * @throws IOException when {@code in} cannot be read
   */
  public static FeedResult readCsv(String name, Reader in) throws IOException {
    return CsvIndicatorReader.read(name, in);
  }

  /**
   * Reads the indicators of a STIX 2.1 bundle.
   *
   * @param name the feed's name, used in problem locations ({@code name: indicator--…})
   * @throws IOException when {@code in} cannot be read; malformed JSON is a problem in the result
   */
  public static FeedResult readStixBundle(String name, Reader in) throws IOException {
    Object json;
    try {
      json = JsonTree.read(in);
    } catch (JsonTree.MalformedJson e) {
      return malformed(name, e);
    }
    return StixIndicatorReader.read(name, json);
  }

  /**
   * Reads the attributes of one or more MISP events.
   *
   * @param name the feed's name, used in problem locations ({@code name: attribute …})
   * @throws IOException when {@code in} cannot be read; malformed JSON is a problem in the result
   */
  public static FeedResult readMispEvent(String name, Reader in) throws IOException {
    Object json;
    try {
      json = JsonTree.read(in);
    } catch (JsonTree.MalformedJson e) {
      return malformed(name, e);
    }
    return MispIndicatorReader.read(name, json);
  }

  /**
   * Reads a feed file by its kind: {@code .csv} as CSV; {@code .json} as a STIX bundle when its
   * {@code type} is {@code bundle}, else as MISP events. The file's name is the feed's name.
   *
   * @throws IOException when the file cannot be read
   */
  public static FeedResult read(Path file) throws IOException {
    String name = file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      if (lower.endsWith(".csv")) {
        return readCsv(name, in);
      }
      if (!lower.endsWith(".json")) {
        return new FeedResult(name, List.of(), List.of(
            new FeedProblem(name, "unknown feed kind; expected a .csv file or a .json STIX 2.1 bundle or MISP event")), Map.of());
      }
      Object json;
      try {
        json = JsonTree.read(in);
      } catch (JsonTree.MalformedJson e) {
        return malformed(name, e);
      }
      Map<String, Object> root = JsonTree.object(json);
      return root != null && "bundle".equals(root.get("type"))
          ? StixIndicatorReader.read(name, json)
          : MispIndicatorReader.read(name, json);
    }
  }

  /**
   * The bundled default feed: mining-pool domains and ports as commonly published, and clearly
   * labelled test indicators (documentation address ranges, the EICAR test file's hash). See the
   * comments in the resource {@value #DEFAULT_FEED}.
   */
  public static FeedResult defaultFeed() {
    try (InputStream in = Feeds.class.getResourceAsStream(DEFAULT_FEED)) {
      if (in == null) {
        throw new IllegalStateException("the resource " + DEFAULT_FEED + " is missing from the classpath");
      }
      return readCsv(DEFAULT_FEED, new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled " + DEFAULT_FEED, e);
    }
  }

  private static FeedResult malformed(String name, JsonTree.MalformedJson e) {
    return new FeedResult(name, List.of(), List.of(new FeedProblem(name, e.getMessage())), Map.of());
  }
}
