package io.vigil.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import io.vigil.model.event.SecurityEvent;
import io.vigil.model.event.SecurityMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the encoder writes passes the published schema, checked by an independent validator
 * (networknt, draft-07, format assertions on) that reads the schema files from the shared
 * reference and nothing from the network.
 */
class SchemaConformanceTest {
  /** The schemas' $ids are relative; they resolve against this base, which maps to local files. */
  private static final String BASE = "https://schemas.vigil.invalid/azure-security-message-v1/";
  private static JsonSchema schema;
  private final SecurityMessageCodec codec = new SecurityMessageCodec();

  @BeforeAll
  static void loadTheSchema() throws IOException {
    Map<String, String> files = new HashMap<>();
    try (Stream<Path> listing = Files.list(Reference.schemaDir())) {
      for (Path file : listing.filter(p -> p.toString().endsWith(".json")).toList()) {
        files.put(BASE + file.getFileName(), Files.readString(file));
      }
    }
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, builder -> builder
        .schemaLoaders(loaders -> loaders
            .schemas(files)
            // Anything the schemas refer to outside the local files is a setup error, never a download.
            .add(new AllowSchemaLoader(iri -> iri.toString().startsWith(BASE)))));
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    schema = factory.getSchema(SchemaLocation.of(BASE + "messageRoot.json"), config);
  }

  @Test
  void theValidatorPassesEveryValidSample() {
    for (byte[] sample : Reference.samples("valid")) {
      assertThat(validate(sample)).isEmpty();
    }
  }

  @Test
  void theValidatorFailsEveryInvalidSample() {
    for (byte[] sample : Reference.samples("invalid")) {
      assertThat(validate(sample)).isNotEmpty();
    }
  }

  @Test
  void theValidatorChecksFormats() {
    String event = new String(Reference.samples("valid").get(0), java.nio.charset.StandardCharsets.UTF_8);
    String badAddress = event.replaceFirst("\"RemoteAddress\":\"127.0.0.1\"", "\"RemoteAddress\":\"999.1.1.1\"");
    assertThat(badAddress).isNotEqualTo(event);
    assertThat(validate(badAddress.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isNotEmpty();
  }

  static Stream<SecurityEvent> schemaV1Events() {
    return Stream.concat(AllKinds.full().stream(), AllKinds.minimal().stream()).filter(e -> e.kind().inSchemaV1());
  }

  @ParameterizedTest
  @MethodSource("schemaV1Events")
  void everySchemaV1KindEncodesToAValidMessage(SecurityEvent event) {
    assertThat(validate(codec.encode(AllKinds.message(List.of(event))))).isEmpty();
  }

  @Test
  void allFourteenSchemaV1KindsInOneMessageAreValid() {
    List<SecurityEvent> events = schemaV1Events().toList();
    assertThat(events.stream().map(SecurityEvent::kind).distinct()).hasSize(14);
    SecurityMessage message = AllKinds.message(events);
    assertThat(validate(codec.encode(message))).isEmpty();
  }

  @Test
  void vigilAdditionsAreNotPartOfTheSchema() {
    SecurityEvent addition = AllKinds.full().stream().filter(e -> !e.kind().inSchemaV1()).findFirst().orElseThrow();
    assertThat(validate(codec.encode(AllKinds.message(List.of(addition))))).isNotEmpty();
  }

  private static Set<ValidationMessage> validate(byte[] json) {
    try {
      JsonNode node = Reference.JSON.readTree(json);
      return schema.validate(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
