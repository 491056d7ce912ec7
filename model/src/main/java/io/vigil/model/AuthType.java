package io.vigil.model;

/** How a device proves its identity to the hub. */
public enum AuthType implements WireName {
  /** Shared access signature tokens derived from a symmetric key. */
  SAS,
  /** A self-signed X.509 certificate registered by thumbprint. */
  X509_SELF_SIGNED,
  /** An X.509 certificate signed by a CA registered with the hub. */
  X509_CA
}
