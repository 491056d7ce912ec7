package io.vigil.hub.broker;

import io.vigil.model.WireName;

/** Why a CONNECT was refused; the wire names are the results of {@code AuthFailure} hub operations. */
public enum AuthFailure implements WireName {
  BAD_USERNAME,
  UNKNOWN_DEVICE,
  DISABLED_DEVICE,
  /** A SAS token for a device registered with a certificate, or a certificate alone for a SAS device. */
  AUTH_TYPE_MISMATCH,
  MALFORMED_SAS,
  WRONG_SAS_RESOURCE,
  INVALID_SAS_SIGNATURE,
  EXPIRED_SAS,
  /** An X.509 device connected without a client certificate (or over the plain listener). */
  MISSING_CERTIFICATE,
  THUMBPRINT_MISMATCH,
  EXPIRED_CERTIFICATE,
  UNTRUSTED_CERTIFICATE,
  /** The certificate's CN is not the client id. */
  CERTIFICATE_DEVICE_MISMATCH
}
