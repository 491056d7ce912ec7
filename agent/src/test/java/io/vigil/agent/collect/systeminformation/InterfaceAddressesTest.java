package io.vigil.agent.collect.systeminformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterfaceAddressesTest {
  /** As this test host (a little-endian VM) wrote them. */
  private static final List<String> FIB_TRIE = """
      Main:
        +-- 0.0.0.0/0 3 0 5
           |-- 0.0.0.0
              /0 universe UNICAST
           +-- 127.0.0.0/8 2 0 2
              +-- 127.0.0.0/31 1 0 0
                 |-- 127.0.0.0
                    /8 host LOCAL
                 |-- 127.0.0.1
                    /32 host LOCAL
              |-- 127.255.255.255
                 /32 link BROADCAST
           +-- 192.0.2.0/24 2 0 2
              +-- 192.0.2.0/30 2 0 2
                 |-- 192.0.2.0
                    /24 link UNICAST
                 |-- 192.0.2.2
                    /32 host LOCAL
              |-- 192.0.2.255
                 /32 link BROADCAST
      Local:
        +-- 0.0.0.0/0 3 0 5
                 |-- 192.0.2.2
                    /32 host LOCAL
      """.lines().toList();
  private static final List<String> ROUTE = List.of(
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
      "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
      "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");
  private static final List<String> IF_INET6 = List.of(
      "fe8000000000000000fc00fffe000001 04 40 20 80     eth0",
      "00000000000000000000000000000001 01 80 10 80       lo",
      "fd000000000000000000000000000002 04 40 00 82     eth0");

  @Test
  void placesEachAddressOnItsInterface() {
    List<String> problems = new ArrayList<>();
    InterfaceAddresses addresses = new InterfaceAddresses(ByteOrder.LITTLE_ENDIAN, problems);
    addresses.ipv4(FIB_TRIE, ROUTE, "/proc/net/route");
    addresses.ipv6(IF_INET6, "/proc/net/if_inet6");
    assertThat(addresses.text()).isEqualTo("eth0=192.0.2.2/24,fe80::fc:ff:fe00:1/64,fd00::2/64");
    assertThat(problems).isEmpty();
  }

  @Test
  void readsTheRoutesOfABigEndianHost() {
    InterfaceAddresses addresses = new InterfaceAddresses(ByteOrder.BIG_ENDIAN, new ArrayList<>());
    addresses.ipv4(FIB_TRIE, List.of("Iface\tDestination", "br-lan\tC0000200\t00000000\t0001\t0\t0\t0\tFFFFFF00\t0\t0\t0"), "route");
    assertThat(addresses.text()).isEqualTo("br-lan=192.0.2.2/24");
  }

  @Test
  void nothingToSayWithoutTheFiles() {
    InterfaceAddresses addresses = new InterfaceAddresses(ByteOrder.LITTLE_ENDIAN, new ArrayList<>());
    addresses.ipv4(null, ROUTE, "route");
    addresses.ipv4(FIB_TRIE, null, "route");
    addresses.ipv6(null, "if_inet6");
    assertThat(addresses.text()).isNull();
  }

  @Test
  void skipsAndReportsMalformedLines() {
    List<String> problems = new ArrayList<>();
    InterfaceAddresses addresses = new InterfaceAddresses(ByteOrder.LITTLE_ENDIAN, problems);
    addresses.ipv4(FIB_TRIE, List.of(ROUTE.get(0), "eth0\t000200C0\t00000000", "eth0\t000200C0\t0000000X\t0001\t0\t0\t0\t00FFFFFF",
        ROUTE.get(2)), "/proc/net/route");
    addresses.ipv6(List.of("fe80::1 04 40 20 80 eth0", "fd000000000000000000000000000002 04 zz 00 82 eth0", "short line",
        IF_INET6.get(2)), "/proc/net/if_inet6");
    assertThat(addresses.text()).isEqualTo("eth0=192.0.2.2/24,fd00::2/64");
    assertThat(problems).containsExactly(
        "/proc/net/route:2: expected at least 8 fields, found 3 in 'eth0\t000200C0\t00000000'",
        "/proc/net/route:3: address '0000000X' has a non-hex character 'X' at 7 in 'eth0\t000200C0\t0000000X\t0001\t0\t0\t0\t00FFFFFF'",
        "/proc/net/if_inet6:1: address 'fe80::1' has 7 hex digits, expected 32 in 'fe80::1 04 40 20 80 eth0'",
        "/proc/net/if_inet6:2: prefix length 'zz' is not a hex number from 0 to 80 in 'fd000000000000000000000000000002 04 zz 00 82 eth0'",
        "/proc/net/if_inet6:3: expected 6 fields, found 2 in 'short line'");
  }
}
