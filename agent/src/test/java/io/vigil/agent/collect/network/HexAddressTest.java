package io.vigil.agent.collect.network;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HexAddressTest {
  @ParameterizedTest
  @CsvSource({
    // values as a little-endian x86 or ARM host prints them
    "0100007F, 127.0.0.1",
    "00000000, 0.0.0.0",
    "0500000A, 10.0.0.5",
    "FFFFFFFF, 255.255.255.255",
    "00000000000000000000000001000000, ::1",
    "00000000000000000000000000000000, ::",
    "0000000000000000FFFF00000100007F, 127.0.0.1",
    "0000000000000000FFFF0000210200C0, 192.0.2.33",
    "000080FE00000000FF005450B6AD1DFE, fe80::5054:ff:fe1d:adb6",
    "B80D0120000000000000000001000000, 2001:db8::1",
    "00470626000000000000000011110000, 2606:4700::1111",
    "000000FD000000000000000002000000, fd00::2",
  })
  void decodesWhatALittleEndianHostPrints(String hex, String text) {
    assertThat(HexAddress.decode(hex, LITTLE_ENDIAN)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
    // the same addresses as a big-endian MIPS or PowerPC host prints them
    "7F000001, 127.0.0.1",
    "0A000005, 10.0.0.5",
    "00000000000000000000000000000001, ::1",
    "00000000000000000000FFFF7F000001, 127.0.0.1",
    "FE80000000000000505400FFFE1DADB6, fe80::5054:ff:fe1d:adb6",
    "20010DB8000000000000000000000001, 2001:db8::1",
  })
  void decodesWhatABigEndianHostPrints(String hex, String text) {
    assertThat(HexAddress.decode(hex, BIG_ENDIAN)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
    // RFC 5952 section 4: the longest run of zeros is compressed, the first of equal runs, never a single zero group
    "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
    "2001:0db8:0000:0001:0001:0001:0001:0001, 2001:db8:0:1:1:1:1:1",
    "2001:0db8:0000:0000:0000:0001:0000:0000, 2001:db8::1:0:0",
    "0000:0000:0000:0000:0000:0000:0000:0001, ::1",
    "0001:0000:0000:0000:0000:0000:0000:0000, 1::",
    "abcd:ef01:2345:6789:abcd:ef01:2345:6789, abcd:ef01:2345:6789:abcd:ef01:2345:6789",
    "0000:0000:0000:0000:0000:0000:7f00:0001, ::7f00:1",
  })
  void writesTheCanonicalTextForm(String full, String canonical) throws Exception {
    assertThat(HexAddress.ipv6(InetAddress.getByName(full).getAddress())).isEqualTo(canonical);
  }

  @Test
  void refusesAWrongLength() {
    assertThatIllegalArgumentException().isThrownBy(() -> HexAddress.decode("0100007", LITTLE_ENDIAN))
        .withMessage("address '0100007' has 7 hex digits, expected 8 (IPv4) or 32 (IPv6)");
  }

  @Test
  void refusesANonHexCharacter() {
    assertThatIllegalArgumentException().isThrownBy(() -> HexAddress.decode("01000G7F", LITTLE_ENDIAN))
        .withMessage("address '01000G7F' has a non-hex character 'G' at 5");
  }

  @Test
  void knowsTheWildcards() {
    assertThat(HexAddress.isWildcard("0.0.0.0")).isTrue();
    assertThat(HexAddress.isWildcard("::")).isTrue();
    assertThat(HexAddress.isWildcard("::1")).isFalse();
  }
}
