package io.vigil.hub.ca;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** The common name (CN) in a certificate's subject, which for a device certificate is its device id. */
public final class SubjectNames {
  private SubjectNames() {}

  /** The subject's first CN, unescaped; empty when it has none. */
  public static String commonName(X509Certificate certificate) {
    RDN[] cn = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
    if (cn.length == 0) {
      return "";
    }
    var value = cn[0].getFirst().getValue();
    return value instanceof ASN1String text ? text.getString() : IETFUtils.valueToString(value);
  }

  /** A subject name with only the given CN, escaped as RFC 4514 requires (device ids may hold ',' '='). */
  static X500Name withCommonName(String commonName) {
    return new org.bouncycastle.asn1.x500.X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }
}
