"""Is the exam app running inside a virtual machine? Read once when the exam starts.

A virtual machine lets a student keep a second, unwatched computer (the host) on the same
screen, so it is reported; it is never blocked, since labs run exams in VMs too. Evidence per OS:
- Linux: the firmware's DMI strings (/sys/class/dmi/id: vendor, product, board, BIOS) naming a
  hypervisor; `systemd-detect-virt --vm` when it is installed; the `hypervisor` CPU flag in
  /proc/cpuinfo. The first two name the product (certain); the flag alone is only suspected.
- Windows: the same SMBIOS strings from the registry (HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS,
  what WMI's Win32_ComputerSystem shows). The CPU's hypervisor bit is not used: Windows sets it
  on ordinary PCs whenever Hyper-V, WSL 2 or memory integrity (VBS) is on.
- macOS: `sysctl kern.hv_vmm_present` (1 inside a VM) and `hw.model` (VMware7,1, Parallels...,
  VirtualMac2,1 for Apple's Virtualization framework).
`detect_virtual_machine()` returns a `VmFinding` or None. A container (Docker, Podman) is not a
virtual machine: it shows the student's own screen and hardware, and is not reported.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DMI_DIR = Path("/sys/class/dmi/id")
DMI_FIELDS = (
    "sys_vendor",
    "product_name",
    "product_version",
    "board_vendor",
    "board_name",
    "bios_vendor",
    "chassis_vendor",
)
CPUINFO = Path("/proc/cpuinfo")
COMMAND_TIMEOUT_S = 3.0

# Firmware strings that name a hypervisor (not inside a longer word; digits may follow, as in
# "VMware7,1"; case ignored) -> product.
_VM_STRINGS: tuple[tuple[str, str], ...] = (
    (r"virtualbox|innotek", "VirtualBox"),
    (r"vmware", "VMware"),
    (r"qemu", "QEMU"),
    (r"kvm", "KVM"),
    (r"bochs", "Bochs"),
    (r"xen|hvm domu", "Xen"),
    (r"parallels", "Parallels"),
    (r"bhyve", "bhyve"),
    (r"virtual machine|hyper-v", "Hyper-V"),  # Microsoft's product name for a Hyper-V guest
    (r"amazon ec2", "Amazon EC2"),
    (r"google compute engine", "Google Compute Engine"),
    (r"openstack", "OpenStack"),
    (r"utm", "UTM"),
    (r"virtualmac\d*,\d+|apple virtualization", "Apple Virtualization"),
    (r"firecracker", "Firecracker"),
    (r"cloud hypervisor", "Cloud Hypervisor"),
)
_VM_PATTERNS = [
    (re.compile(rf"(?<![a-z])(?:{p})(?![a-z])", re.IGNORECASE), name) for p, name in _VM_STRINGS
]

# systemd-detect-virt --vm names -> product ("none" means bare metal).
_SYSTEMD_NAMES = {
    "kvm": "KVM",
    "qemu": "QEMU",
    "amazon": "Amazon EC2",
    "bochs": "Bochs",
    "xen": "Xen",
    "uml": "User-mode Linux",
    "vmware": "VMware",
    "oracle": "VirtualBox",
    "microsoft": "Hyper-V",
    "zvm": "z/VM",
    "parallels": "Parallels",
    "bhyve": "bhyve",
    "qnx": "QNX hypervisor",
    "acrn": "ACRN",
    "powervm": "PowerVM",
    "apple": "Apple Virtualization",
    "sre": "LMHS SRE",
    "google": "Google Compute Engine",
}

_WINDOWS_BIOS_KEY = r"HARDWARE\DESCRIPTION\System\BIOS"
_WINDOWS_BIOS_VALUES = (
    "SystemManufacturer",
    "SystemProductName",
    "SystemVersion",
    "BaseBoardManufacturer",
    "BaseBoardProduct",
    "BIOSVendor",
)


@dataclass
class VmFinding:
    """What was found: the product when it is named, and each piece of evidence in words."""

    product: str | None
    suspected: bool
    evidence: list[str] = field(default_factory=list)

    def detail(self) -> dict[str, Any]:
        what = self.product or "a virtual machine"
        if self.suspected:
            message = f"This computer may be a virtual machine ({'; '.join(self.evidence)})."
        else:
            message = f"The exam app runs in a virtual machine: {what}."
        return {
            "name": self.product or "virtual machine",
            "product": self.product,
            "suspected": self.suspected,
            "evidence": list(self.evidence),
            "message": message,
        }


def product_in_strings(strings: Mapping[str, str]) -> tuple[str, str] | None:
    """(product, "field: value") for the first firmware string that names a hypervisor."""
    for key, value in strings.items():
        for pattern, product in _VM_PATTERNS:
            if value and pattern.search(value):
                return product, f"{key}: {value.strip()}"
    return None


def product_of_systemd_name(name: str) -> str | None:
    """The product `systemd-detect-virt --vm` names, or None for bare metal ("none")."""
    name = name.strip().lower()
    if not name or name == "none":
        return None
    return _SYSTEMD_NAMES.get(name, name)


def has_hypervisor_flag(cpuinfo_text: str) -> bool:
    """The `hypervisor` flag on a `flags` line of /proc/cpuinfo (x86: CPUID leaf 1, ECX bit 31)."""
    for line in cpuinfo_text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features") and "hypervisor" in value.split():
            return True
    return False


def product_of_mac_model(model: str) -> str | None:
    """A VM product from macOS's `hw.model` (VMware7,1; Parallels-ARM; VirtualMac2,1)."""
    found = product_in_strings({"hw.model": model})
    return found[0] if found else None


def combine(named: Iterable[tuple[str, str]], hints: Iterable[str] = ()) -> VmFinding | None:
    """A finding from evidence naming a product (certain) and hints without one (suspected)."""
    named = list(named)
    hints = list(hints)
    if named:
        return VmFinding(named[0][0], False, [e for _, e in named] + hints)
    if hints:
        return VmFinding(None, True, hints)
    return None


# -- what this computer shows ----------------------------------------------------------------


def detect_virtual_machine() -> VmFinding | None:
    """Run the checks for this operating system. Never raises; None when nothing was found."""
    try:
        if sys.platform.startswith("linux"):
            return _detect_linux()
        if sys.platform == "win32":
            return _detect_windows()
        if sys.platform == "darwin":
            return _detect_macos()
    except Exception:  # a check that fails says nothing about the machine
        return None
    return None


def read_dmi(folder: Path = DMI_DIR) -> dict[str, str]:
    """The readable DMI strings (some need root, e.g. product_serial: those are not read)."""
    strings: dict[str, str] = {}
    for name in DMI_FIELDS:
        try:
            strings[name] = (folder / name).read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue
    return strings


def systemd_detect_virt() -> str | None:
    """`systemd-detect-virt --vm` output ("kvm", "none"...), or None when it cannot run."""
    program = shutil.which("systemd-detect-virt")
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "--vm"],
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def _detect_linux() -> VmFinding | None:
    named: list[tuple[str, str]] = []
    found = product_in_strings(read_dmi())
    if found:
        named.append(found)
    systemd = systemd_detect_virt()
    product = product_of_systemd_name(systemd) if systemd else None
    if product:
        named.append((product, f"systemd-detect-virt: {systemd}"))
    hints = []
    try:
        if has_hypervisor_flag(CPUINFO.read_text(encoding="utf-8", errors="replace")):
            hints.append("the CPU reports a hypervisor (cpuinfo flag)")
    except OSError:
        pass
    return combine(named, hints)


def _detect_windows() -> VmFinding | None:
    if sys.platform != "win32":
        return None
    import winreg

    strings: dict[str, str] = {}
    with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, _WINDOWS_BIOS_KEY) as key:
        for name in _WINDOWS_BIOS_VALUES:
            try:
                value, _ = winreg.QueryValueEx(key, name)
            except OSError:
                continue
            strings[name] = str(value)
    found = product_in_strings(strings)
    return combine([found] if found else [])


def _sysctl(name: str) -> str | None:
    program = "/usr/sbin/sysctl" if os.path.exists("/usr/sbin/sysctl") else shutil.which("sysctl")
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "-n", name],
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _detect_macos() -> VmFinding | None:
    named: list[tuple[str, str]] = []
    hints: list[str] = []
    model = _sysctl("hw.model") or ""
    product = product_of_mac_model(model)
    if product:
        named.append((product, f"hw.model: {model}"))
    if _sysctl("kern.hv_vmm_present") == "1":
        if named:
            named.append((named[0][0], "kern.hv_vmm_present: 1"))
        else:
            named.append(("a virtual machine", "kern.hv_vmm_present: 1"))
    features = (_sysctl("machdep.cpu.features") or "").split()
    if "VMM" in features:
        hints.append("the CPU reports a hypervisor (machdep.cpu.features VMM)")
    finding = combine(named, hints)
    if finding is not None and finding.product == "a virtual machine":
        finding.product = None
    return finding
