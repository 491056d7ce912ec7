package io.vigil.model.event;

import io.vigil.model.Require;
import java.util.List;
import java.util.Map;

/** Vigil addition: a snapshot of the installed software packages (a software bill of materials). */
public record Sbom(EventHeader header, List<Package> payload) implements SecurityEvent {
  public Sbom {
    payload = Payloads.of(EventKind.SBOM, header, payload);
  }

  @Override
  public EventKind kind() {
    return EventKind.SBOM;
  }

  /**
   * One installed package.
   *
   * @param manager the package database it came from: dpkg, apk, rpm, opkg ...
   * @param architecture null when unknown
   */
  public record Package(String name, String version, String architecture, String manager, Map<String, String> extraDetails) {
    public Package {
      Require.text(name, "Name");
      Require.present(version, "Version");
      Require.text(manager, "Manager");
      extraDetails = Require.copy(extraDetails, "ExtraDetails");
    }
  }
}
