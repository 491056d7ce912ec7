package io.vigil.hub.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class TwinPatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode object(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
  }

  private static TwinPatch patch(String json) {
    return TwinPatch.parse(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private static String merged(String target, String patch) throws Exception {
    return patch(patch).applyTo(object(target)).toString().replace('"', '\'');
  }

  private static AbstractThrowableAssert<?, ?> refused(String body, TwinException.Reason reason) {
    return assertThatThrownBy(() -> TwinPatch.parse(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TwinException.class)
        .satisfies(e -> assertThat(((TwinException) e).reason()).isEqualTo(reason));
  }

  @Test
  void setsReplacesAndDeletesTopLevelKeys() throws Exception {
    assertThat(merged("{'a':1,'b':'x','c':true}", "{'a':2,'b':null,'d':[1,2]}")).isEqualTo("{'a':2,'c':true,'d':[1,2]}");
  }

  @Test
  void nestedObjectsMergeAndNullsDeleteInside() throws Exception {
    assertThat(merged("{'log':{'level':'info','file':'/var/log/a','rotate':{'days':7}}}",
        "{'log':{'level':'debug','file':null,'rotate':{'size':10}}}"))
        .isEqualTo("{'log':{'level':'debug','rotate':{'days':7,'size':10}}}");
  }

  @Test
  void deletingAMissingKeyChangesNothing() throws Exception {
    assertThat(merged("{'a':1}", "{'b':null}")).isEqualTo("{'a':1}");
  }

  @Test
  void arraysAndScalarsReplaceWhole() throws Exception {
    assertThat(merged("{'a':[1,2,3],'b':{'x':1}}", "{'a':[4],'b':5}")).isEqualTo("{'a':[4],'b':5}");
  }

  @Test
  void anObjectOverAScalarStartsEmptyAndDropsItsNulls() throws Exception {
    // RFC 7386: MergePatch({"a":"b"}, {"a":{"c":null,"d":1}}) = {"a":{"d":1}}
    assertThat(merged("{'a':'b'}", "{'a':{'c':null,'d':1}}")).isEqualTo("{'a':{'d':1}}");
  }

  @Test
  void theRfc7386ExampleMerges() throws Exception {
    assertThat(merged(
        "{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},'tags':['example','sample'],'content':'This will be unchanged'}",
        "{'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},'tags':['example']}"))
        .isEqualTo("{'title':'Hello!','author':{'givenName':'John'},'tags':['example'],'content':'This will be unchanged',"
            + "'phoneNumber':'+01-123-456-7890'}");
  }

  @Test
  void applyingLeavesTheTargetAndThePatchUnchanged() throws Exception {
    ObjectNode target = object("{'a':{'b':1}}");
    TwinPatch p = patch("{'a':{'c':2}}");
    ObjectNode out = p.applyTo(target);
    out.with("a").put("d", 3);
    assertThat(target.toString()).isEqualTo("{\"a\":{\"b\":1}}");
    assertThat(p.changes().toString()).isEqualTo("{\"a\":{\"c\":2}}");
    p.changes().put("x", 1);
    assertThat(p.keys()).containsExactly("a");
  }

  @Test
  void keysAreTheTopLevelKeysInOrder() {
    assertThat(patch("{'Process_Mode':'Polling','Baseline_Disabled':null,'x':{'y':1}}").keys())
        .containsExactly("Process_Mode", "Baseline_Disabled", "x");
    assertThat(patch("{}").keys()).isEmpty();
  }

  @Test
  void tenLevelsOfNestingAreAllowed() {
    String ten = "{'l1':{'l2':{'l3':{'l4':{'l5':{'l6':{'l7':{'l8':{'l9':{'l10':{'p':1}}}}}}}}}}}";
    assertThat(patch(ten).keys()).containsExactly("l1");
    assertThat(patch("{'a':[[[[[[[[[[1]]]]]]]]]]}").keys()).containsExactly("a");
  }

  @Test
  void elevenLevelsAreRefusedWhereTheyStart() {
    refused("{\"l1\":{\"l2\":{\"l3\":{\"l4\":{\"l5\":{\"l6\":{\"l7\":{\"l8\":{\"l9\":{\"l10\":{\"l11\":{}}}}}}}}}}}}",
        TwinException.Reason.INVALID_PATCH)
        .hasMessage("/l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/l11: nested deeper than 10 levels");
    refused("{\"a\":[[[[[[[[[[[1]]]]]]]]]]]}", TwinException.Reason.INVALID_PATCH)
        .hasMessage("/a/0/0/0/0/0/0/0/0/0/0: nested deeper than 10 levels");
  }

  @Test
  void reservedKeysAreRefusedAnywhere() {
    refused("{\"$version\": 4}", TwinException.Reason.INVALID_PATCH)
        .hasMessage("/$version: keys starting with '$' are reserved");
    refused("{\"a\": {\"b\": [1, {\"$metadata\": {}}]}}", TwinException.Reason.INVALID_PATCH)
        .hasMessage("/a/b/1/$metadata: keys starting with '$' are reserved");
    refused("{\"a/b~c\": {\"$x\": 1}}", TwinException.Reason.INVALID_PATCH)
        .hasMessage("/a~1b~0c/$x: keys starting with '$' are reserved");
    assertThat(patch("{'a$':1,'b':'$c'}").keys()).containsExactly("a$", "b");
  }

  @Test
  void aBodyThatIsNotAnObjectIsRefused() {
    refused("", TwinException.Reason.INVALID_PATCH).hasMessage("patch: is empty; a JSON object is required");
    refused("[1]", TwinException.Reason.INVALID_PATCH).hasMessage("patch: must be a JSON object, not an array");
    refused("\"Polling\"", TwinException.Reason.INVALID_PATCH).hasMessage("patch: must be a JSON object, not a string");
    refused("5", TwinException.Reason.INVALID_PATCH).hasMessage("patch: must be a JSON object, not a number");
    refused("true", TwinException.Reason.INVALID_PATCH).hasMessage("patch: must be a JSON object, not a boolean");
    refused("null", TwinException.Reason.INVALID_PATCH).hasMessage("patch: must be a JSON object, not null");
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedWithItsPosition() {
    refused("{\"a\": }", TwinException.Reason.INVALID_PATCH)
        .hasMessageStartingWith("patch: not valid JSON at line 1, column 7: Unexpected character ('}'");
    refused("{\"a\":1} {\"b\":2}", TwinException.Reason.INVALID_PATCH)
        .hasMessageStartingWith("patch: not valid JSON at line 1, column ").hasMessageContaining("Trailing token");
    refused("{\"a\":1,\n\"a\":2}", TwinException.Reason.INVALID_PATCH)
        .hasMessageStartingWith("patch: not valid JSON at line 2, column ").hasMessageContaining("Duplicate field 'a'");
    refused("[".repeat(200), TwinException.Reason.INVALID_PATCH)
        .hasMessageStartingWith("patch: not valid JSON").hasMessageContaining("nesting depth");
  }

  @Test
  void aPatchOverTheSizeLimitIsTooLarge() {
    String body = "{\"big\":\"" + "x".repeat(33_000) + "\"}";
    refused(body, TwinException.Reason.PATCH_TOO_LARGE).hasMessage("patch: 33010 bytes of JSON; the limit is 32768");
    assertThat(TwinException.Reason.PATCH_TOO_LARGE.status()).isEqualTo(413);
    // Exactly at the limit is fine; white space does not count.
    String atLimit = "{ \"big\" : \"" + "x".repeat(32_768 - 10) + "\" }";
    assertThat(TwinPatch.parse(atLimit.getBytes(StandardCharsets.UTF_8)).keys()).containsExactly("big");
  }

  @Test
  void aNodeFromAnApiBodyIsLocatedUnderItsPointer() throws Exception {
    JsonNode array = JSON.readTree("[1]");
    assertThatThrownBy(() -> TwinPatch.of(array, "/desired")).hasMessage("/desired: must be a JSON object, not an array");
    assertThatThrownBy(() -> TwinPatch.of(object("{'ok':1,'$rid':2}"), "/desired"))
        .hasMessage("/desired/$rid: keys starting with '$' are reserved");
    assertThat(TwinException.Reason.INVALID_PATCH.status()).isEqualTo(400);
    assertThat(TwinException.Reason.INVALID_PATCH.wireName()).isEqualTo("InvalidPatch");
  }
}
