package io.vigil.server;

/** The version this server was built as, which is also the version of the agent it ships. */
final class ServerVersion {
  private ServerVersion() {}

  /** The build's version from the jar manifest; null when running from classes (a development build). */
  static String agentVersion() {
    return VigilServer.class.getPackage().getImplementationVersion();
  }
}
