package io.vigil.wire;

import io.vigil.model.event.FileIntegrity;
import io.vigil.model.event.KernelModule;
import io.vigil.model.event.OSBaseline;

/**
 * Payload items about the state of the system's software: OSBaseline (schema v1.0), KernelModule
 * and FileIntegrity (Vigil additions).
 */
final class IntegrityFormats {
  private IntegrityFormats() {}

  static final ItemFormat<OSBaseline.Check> OS_BASELINE = new ItemFormat<>(
      in -> {
        var description = in.string("Description");
        var cceId = in.string("CceId");
        var result = in.enumeration("Result", OSBaseline.Result.class);
        var error = in.string("Error");
        var severity = in.enumeration("Severity", OSBaseline.CheckSeverity.class);
        var extra = in.extraDetails();
        return in.build(() -> new OSBaseline.Check(description, cceId, result, error, severity, extra));
      },
      (item, out) -> {
        out.string("Description", item.description());
        out.string("CceId", item.cceId());
        out.enumeration("Result", item.result());
        out.string("Error", item.error());
        out.enumeration("Severity", item.severity());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<KernelModule.Change> KERNEL_MODULE = new ItemFormat<>(
      in -> {
        var operation = in.enumeration("Operation", KernelModule.Operation.class);
        var name = in.string("Name");
        var sizeBytes = in.optionalInteger("SizeBytes");
        var extra = in.extraDetails();
        return in.build(() -> new KernelModule.Change(operation, name, sizeBytes, extra));
      },
      (item, out) -> {
        out.enumeration("Operation", item.operation());
        out.string("Name", item.name());
        out.optionalInteger("SizeBytes", item.sizeBytes());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<FileIntegrity.Change> FILE_INTEGRITY = new ItemFormat<>(
      in -> {
        var path = in.string("Path");
        var change = in.enumeration("Change", FileIntegrity.ChangeType.class);
        var sha256 = in.optionalString("Sha256");
        var mode = in.optionalString("Mode");
        var owner = in.optionalString("Owner");
        var modifiedTime = in.optionalInstant("ModifiedTime");
        var extra = in.extraDetails();
        return in.build(() -> new FileIntegrity.Change(path, change, sha256, mode, owner, modifiedTime, extra));
      },
      (item, out) -> {
        out.string("Path", item.path());
        out.enumeration("Change", item.change());
        out.string("Sha256", item.sha256());
        out.string("Mode", item.mode());
        out.string("Owner", item.owner());
        out.dateTime("ModifiedTime", item.modifiedTime());
        out.extraDetails(item.extraDetails());
      });
}
