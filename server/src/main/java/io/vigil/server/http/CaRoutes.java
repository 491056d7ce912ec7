package io.vigil.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.vigil.hub.ca.CaRegistry;
import io.vigil.hub.ca.Pem;
import io.vigil.hub.ca.RegisteredCa;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;

/**
 * The CAs registered for device certificates:
 *
 * <ul>
 *   <li>{@code GET /api/v1/cas} lists them, Vigil's own first;
 *   <li>{@code POST /api/v1/cas} with {@code {"name": N, "certificatePem": PEM}} adds one, pending,
 *       and answers its {@code verificationCode};
 *   <li>{@code POST /api/v1/cas/{name}/verify} with {@code {"certificatePem": PEM}} (CN = the code,
 *       signed by the CA's key) verifies it;
 *   <li>{@code GET} and {@code DELETE /api/v1/cas/{name}} show and remove one.
 * </ul>
 */
final class CaRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CaRoutes() {}

  static void add(RoutesConfig routes, CaRegistry cas) {
    routes.get("/api/v1/cas", ctx -> {
      ArrayNode out = JSON.createArrayNode();
      cas.all().forEach(ca -> out.add(json(ca)));
      ApiServer.json(ctx, 200, out);
    });
    routes.post("/api/v1/cas", ctx -> {
      JsonNode body = ApiServer.body(ctx);
      if (body == null) {
        return;
      }
      JsonNode name = body.get("name");
      if (name == null || !name.isTextual()) {
        ApiServer.error(ctx, 400, "/name: a string is required");
        return;
      }
      X509Certificate certificate = certificate(ctx, body);
      if (certificate != null) {
        answer(ctx, 201, () -> cas.add(name.asText(), certificate));
      }
    });
    routes.get("/api/v1/cas/{name}", ctx -> withCa(ctx, cas, ca -> ApiServer.json(ctx, 200, json(ca))));
    routes.post("/api/v1/cas/{name}/verify", ctx -> withCa(ctx, cas, ca -> {
      JsonNode body = ApiServer.body(ctx);
      X509Certificate proof = body == null ? null : certificate(ctx, body);
      if (proof != null) {
        answer(ctx, 200, () -> cas.verify(ca.name(), proof));
      }
    }));
    // Straight to remove, unknown names too: a failed removal is recorded as a hub operation.
    routes.delete("/api/v1/cas/{name}", ctx -> {
      String name = ctx.pathParam("name");
      boolean known = cas.find(name).isPresent();
      try {
        cas.remove(name);
        ctx.status(204);
      } catch (IllegalArgumentException e) {
        ApiServer.error(ctx, known ? 400 : 404, e.getMessage());
      }
    });
  }

  private static void withCa(Context ctx, CaRegistry cas, Consumer<RegisteredCa> action) {
    String name = ctx.pathParam("name");
    cas.find(name).ifPresentOrElse(action, () -> ApiServer.error(ctx, 404, "no CA '" + name + "'"));
  }

  private static void answer(Context ctx, int status, java.util.function.Supplier<RegisteredCa> change) {
    try {
      ApiServer.json(ctx, status, json(change.get()));
    } catch (IllegalArgumentException e) {
      ApiServer.error(ctx, e.getMessage().endsWith("already exists") ? 409 : 400, e.getMessage());
    }
  }

  /** The first certificate of {@code /certificatePem}, or null after answering 400. */
  private static X509Certificate certificate(Context ctx, JsonNode body) {
    JsonNode pem = body.get("certificatePem");
    if (pem == null || !pem.isTextual()) {
      ApiServer.error(ctx, 400, "/certificatePem: a PEM certificate (string) is required");
      return null;
    }
    try {
      return Pem.readCertificates(pem.asText(), "/certificatePem").getFirst();
    } catch (IllegalArgumentException e) {
      ApiServer.error(ctx, 400, e.getMessage());
      return null;
    }
  }

  static ObjectNode json(RegisteredCa ca) {
    ObjectNode n = JSON.createObjectNode()
        .put("name", ca.name())
        .put("subject", ca.certificate().getSubjectX500Principal().getName())
        .put("thumbprint", ca.thumbprint().hex())
        .put("notAfter", ca.certificate().getNotAfter().toInstant().toString())
        .put("verified", ca.verified())
        .put("builtIn", ca.builtIn())
        .put("addedAt", ca.addedAt().toString());
    if (!ca.verified()) {
      n.put("verificationCode", ca.verificationCode());
    }
    if (ca.verifiedAt() != null) {
      n.put("verifiedAt", ca.verifiedAt().toString());
    }
    return n;
  }
}
