"""Virtual machine detection: what this machine shows, read independently and compared, and the
rules for the strings other machines show (DMI, systemd-detect-virt, macOS sysctl)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from proctor.shield import virtual_machine as vm

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux checks")


def independent_reading() -> tuple[str | None, dict[str, str], bool]:
    """What `systemd-detect-virt --vm`, /sys/class/dmi/id and /proc/cpuinfo say, read here."""
    systemd = None
    program = shutil.which("systemd-detect-virt")
    if program:
        out = subprocess.run([program, "--vm"], capture_output=True, text=True, timeout=10)
        systemd = out.stdout.strip() or None
    dmi = {}
    folder = Path("/sys/class/dmi/id")
    for name in vm.DMI_FIELDS:
        try:
            dmi[name] = (folder / name).read_text().strip()
        except OSError:
            pass
    flags = [ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("flags")]
    hypervisor = any("hypervisor" in ln.split(":", 1)[1].split() for ln in flags)
    return systemd, dmi, hypervisor


@linux_only
def test_this_machine_is_judged_by_what_it_shows() -> None:
    systemd, dmi, hypervisor = independent_reading()
    finding = vm.detect_virtual_machine()
    named_by_dmi = vm.product_in_strings(dmi)
    if systemd not in (None, "none") or named_by_dmi:
        assert finding is not None and finding.suspected is False
        if systemd not in (None, "none"):
            assert f"systemd-detect-virt: {systemd}" in finding.evidence
        assert finding.detail()["message"].startswith("The exam app runs in a virtual machine")
    elif hypervisor:
        assert finding is not None and finding.suspected is True
        assert finding.product is None
    else:
        assert finding is None
    if finding is not None:
        assert any("cpuinfo" in e for e in finding.evidence) == hypervisor


@linux_only
def test_the_readings_match_the_commands_and_files() -> None:
    systemd, dmi, hypervisor = independent_reading()
    assert vm.systemd_detect_virt() == systemd
    assert vm.read_dmi() == dmi
    assert vm.has_hypervisor_flag(Path("/proc/cpuinfo").read_text()) == hypervisor


@pytest.mark.parametrize(
    "strings, product",
    [
        ({"sys_vendor": "innotek GmbH", "product_name": "VirtualBox"}, "VirtualBox"),
        ({"sys_vendor": "VMware, Inc.", "product_name": "VMware Virtual Platform"}, "VMware"),
        ({"sys_vendor": "QEMU", "product_name": "Standard PC (Q35 + ICH9, 2009)"}, "QEMU"),
        ({"sys_vendor": "Microsoft Corporation", "product_name": "Virtual Machine"}, "Hyper-V"),
        ({"sys_vendor": "Xen", "product_name": "HVM domU"}, "Xen"),
        ({"sys_vendor": "Parallels Software International Inc."}, "Parallels"),
        ({"SystemManufacturer": "Amazon EC2", "SystemProductName": "t3.large"}, "Amazon EC2"),
        ({"bios_vendor": "SeaBIOS", "sys_vendor": "Red Hat", "product_name": "KVM"}, "KVM"),
        # real computers
        ({"sys_vendor": "Dell Inc.", "product_name": "XPS 13 9310"}, None),
        ({"sys_vendor": "LENOVO", "product_name": "20XW0055GE", "board_vendor": "LENOVO"}, None),
        ({"sys_vendor": "Microsoft Corporation", "product_name": "Surface Laptop 4"}, None),
        (
            {"SystemManufacturer": "ASUSTeK COMPUTER INC.", "BIOSVendor": "American Megatrends"},
            None,
        ),
        ({"sys_vendor": "Apple Inc.", "product_name": "MacBookPro16,1"}, None),
    ],
)
def test_firmware_strings(strings: dict[str, str], product: str | None) -> None:
    found = vm.product_in_strings(strings)
    assert (found[0] if found else None) == product


def test_systemd_names() -> None:
    assert vm.product_of_systemd_name("none") is None
    assert vm.product_of_systemd_name("") is None
    assert vm.product_of_systemd_name("kvm\n") == "KVM"
    assert vm.product_of_systemd_name("oracle") == "VirtualBox"
    assert vm.product_of_systemd_name("microsoft") == "Hyper-V"
    assert vm.product_of_systemd_name("newhypervisor") == "newhypervisor"


def test_mac_models() -> None:
    assert vm.product_of_mac_model("VMware7,1") == "VMware"
    assert vm.product_of_mac_model("Parallels-ARM") == "Parallels"
    assert vm.product_of_mac_model("VirtualMac2,1") == "Apple Virtualization"
    assert vm.product_of_mac_model("MacBookPro18,3") is None
    assert vm.product_of_mac_model("Mac14,2") is None


def test_the_cpu_flag_alone_is_only_suspected() -> None:
    cpuinfo = "processor\t: 0\nflags\t\t: fpu vme sse2 hypervisor lahf_lm\n"
    assert vm.has_hypervisor_flag(cpuinfo)
    assert not vm.has_hypervisor_flag("flags\t\t: fpu vme sse2 lahf_lm\n")
    finding = vm.combine([], ["the CPU reports a hypervisor (cpuinfo flag)"])
    assert finding is not None and finding.suspected and finding.product is None
    detail = finding.detail()
    assert detail["name"] == "virtual machine"
    assert detail["message"].startswith("This computer may be a virtual machine")
    assert vm.combine([], []) is None
    certain = vm.combine([("VMware", "sys_vendor: VMware, Inc.")], ["cpu flag"])
    assert certain is not None and not certain.suspected
    assert certain.evidence == ["sys_vendor: VMware, Inc.", "cpu flag"]


def test_dmi_that_cannot_be_read_gives_nothing(tmp_path: Path) -> None:
    assert vm.read_dmi(tmp_path / "absent") == {}
