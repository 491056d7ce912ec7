package io.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Device ids and group names are checked on every event with a character table instead of a
 * regular expression; the table must accept exactly what the documented expressions accept.
 */
class IdCharsTest {
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9\\-.:_@=,()!$'%*?]{1,128}");
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Test
  void everyCharacterIsJudgedAsTheExpressionJudgesIt() {
    for (char c = 0; c < 0x3000; c++) {
      String one = "a" + c + "b";
      assertThat(Device.isValidId(one)).as("device id with U+%04X", (int) c).isEqualTo(DEVICE_ID.matcher(one).matches());
      assertThat(valid(one)).as("group name with U+%04X", (int) c).isEqualTo(GROUP.matcher(one).matches());
    }
  }

  @Test
  void lengthsAreBoundedAsDocumented() {
    assertThat(Device.isValidId("")).isFalse();
    assertThat(Device.isValidId("d".repeat(128))).isTrue();
    assertThat(Device.isValidId("d".repeat(129))).isFalse();
    assertThat(valid("g".repeat(64))).isTrue();
    assertThat(valid("g".repeat(65))).isFalse();
    assertThatThrownBy(() -> SecurityGroup.requireValidName("plant 3"))
        .hasMessage("security group 'plant 3' must be 1-64 letters, digits, '.', '_' or '-'");
    assertThatThrownBy(() -> Device.requireValidId("gw/1"))
        .hasMessage("device id 'gw/1' must be 1-128 characters of letters, digits and - . : _ @ = , ( ) ! $ ' % * ?");
  }

  private static boolean valid(String group) {
    try {
      SecurityGroup.requireValidName(group);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
