package io.vigil.agent.collect.systeminformation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BootDeviceTest {
  @Test
  void aRealDeviceMountedOnRootWins() {
    assertThat(BootDevice.find(List.of("rootfs / rootfs rw 0 0", "/dev/mmcblk0p2 / ext4 rw 0 0", "proc /proc proc rw 0 0"),
        "console=ttyS0 root=PARTUUID=1234-02", null)).isEqualTo("/dev/mmcblk0p2");
  }

  @Test
  void thePlaceholderDevRootDefersToTheKernelArgument() {
    assertThat(BootDevice.find(List.of("/dev/root / squashfs ro 0 0"), "console=ttyS0 root=/dev/mtdblock3 rootfstype=squashfs", null))
        .isEqualTo("/dev/mtdblock3");
    assertThat(BootDevice.find(List.of("/dev/root / squashfs ro 0 0"), "console=ttyS0", null)).isEqualTo("/dev/root");
  }

  @Test
  void aContainerSaysOverlayUnlessTheKernelSaysMore() {
    assertThat(BootDevice.find(List.of("overlay / overlay rw,lowerdir=/a 0 0"), "quiet", null)).isEqualTo("overlay");
    assertThat(BootDevice.find(List.of("overlay / overlay rw 0 0"), "root=UUID=0b1e ro", null)).isEqualTo("UUID=0b1e");
  }

  @Test
  void anImageHasOnlyItsFstab() {
    assertThat(BootDevice.find(null, null, List.of("# / comment", "proc /proc proc defaults 0 0", "LABEL=my\\040root / ext4 ro 0 1")))
        .isEqualTo("LABEL=my root");
    assertThat(BootDevice.find(null, null, List.of("tmpfs /tmp tmpfs defaults 0 0"))).isNull();
    assertThat(BootDevice.find(null, null, null)).isNull();
  }
}
