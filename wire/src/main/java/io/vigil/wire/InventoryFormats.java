package io.vigil.wire;

import io.vigil.model.event.ConnectedHardware;
import io.vigil.model.event.Peripheral;
import io.vigil.model.event.Sbom;
import io.vigil.model.event.SystemInformation;

/**
 * Payload items of what a device is made of: ConnectedHardware and SystemInformation (schema
 * v1.0), Sbom and Peripheral (Vigil additions).
 */
final class InventoryFormats {
  private InventoryFormats() {}

  static final ItemFormat<ConnectedHardware.Hardware> CONNECTED_HARDWARE = new ItemFormat<>(
      in -> {
        var category = in.string("HardwareCategory");
        var subCategory = in.string("HardwareSubCategory");
        var name = in.string("HardwareName");
        var extra = in.extraDetails();
        return in.build(() -> new ConnectedHardware.Hardware(category, subCategory, name, extra));
      },
      (item, out) -> {
        out.string("HardwareCategory", item.category());
        out.string("HardwareSubCategory", item.subCategory());
        out.string("HardwareName", item.name());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<SystemInformation.Info> SYSTEM_INFORMATION = new ItemFormat<>(
      in -> {
        var osName = in.optionalString("OSName");
        var osVersion = in.optionalString("OSVersion");
        var osVendor = in.optionalString("OSVendor");
        var osArchitecture = in.optionalString("OsArchitecture");
        var hostName = in.optionalString("HostName");
        var biosVersion = in.optionalString("BIOSVersion");
        var bootDevice = in.optionalString("BootDevice");
        var totalPhysical = in.optionalInteger("TotalPhysicalMemoryInKB");
        var freePhysical = in.optionalInteger("FreePhysicalMemoryInKB");
        var totalVirtual = in.optionalInteger("TotalVirtualMemoryInKB");
        var freeVirtual = in.optionalInteger("FreeVirtualMemoryInKB");
        var extra = in.extraDetails();
        return in.build(() -> new SystemInformation.Info(osName, osVersion, osVendor, osArchitecture, hostName,
            biosVersion, bootDevice, totalPhysical, freePhysical, totalVirtual, freeVirtual, extra));
      },
      (item, out) -> {
        out.string("OSName", item.osName());
        out.string("OSVersion", item.osVersion());
        out.string("OSVendor", item.osVendor());
        out.string("OsArchitecture", item.osArchitecture());
        out.string("HostName", item.hostName());
        out.string("BIOSVersion", item.biosVersion());
        out.string("BootDevice", item.bootDevice());
        out.optionalInteger("TotalPhysicalMemoryInKB", item.totalPhysicalMemoryKb());
        out.optionalInteger("FreePhysicalMemoryInKB", item.freePhysicalMemoryKb());
        out.optionalInteger("TotalVirtualMemoryInKB", item.totalVirtualMemoryKb());
        out.optionalInteger("FreeVirtualMemoryInKB", item.freeVirtualMemoryKb());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<Sbom.Package> SBOM = new ItemFormat<>(
      in -> {
        var name = in.string("Name");
        var version = in.string("Version");
        var architecture = in.optionalString("Architecture");
        var manager = in.string("Manager");
        var extra = in.extraDetails();
        return in.build(() -> new Sbom.Package(name, version, architecture, manager, extra));
      },
      (item, out) -> {
        out.string("Name", item.name());
        out.string("Version", item.version());
        out.string("Architecture", item.architecture());
        out.string("Manager", item.manager());
        out.extraDetails(item.extraDetails());
      });

  static final ItemFormat<Peripheral.Change> PERIPHERAL = new ItemFormat<>(
      in -> {
        var operation = in.enumeration("Operation", Peripheral.Operation.class);
        var deviceClass = in.enumeration("DeviceClass", Peripheral.DeviceClass.class);
        var name = in.string("Name");
        var vendorId = in.optionalString("VendorId");
        var productId = in.optionalString("ProductId");
        var serial = in.optionalString("Serial");
        var extra = in.extraDetails();
        return in.build(() -> new Peripheral.Change(operation, deviceClass, name, vendorId, productId, serial, extra));
      },
      (item, out) -> {
        out.enumeration("Operation", item.operation());
        out.enumeration("DeviceClass", item.deviceClass());
        out.string("Name", item.name());
        out.string("VendorId", item.vendorId());
        out.string("ProductId", item.productId());
        out.string("Serial", item.serial());
        out.extraDetails(item.extraDetails());
      });
}
