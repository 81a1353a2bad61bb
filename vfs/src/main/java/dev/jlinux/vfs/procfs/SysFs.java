// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.vfs.procfs;

import dev.jlinux.syscalls.FsMagic;
import java.util.Map;

/**
 * A minimal /sys: {@code devices/system/cpu/{online,possible,present}} (what C libraries read to
 * count CPUs) and the empty {@code kernel}, {@code fs} and {@code class} directories.
 */
public final class SysFs extends GeneratedFs {
    public SysFs(int cpus, long dev, long bootNs) {
        super(dev, FsMagic.SYSFS_MAGIC, bootNs);
        String range = (cpus <= 1 ? "0" : "0-" + (cpus - 1)) + "\n";
        Map<String, Synthetic.Node> top = Synthetic.map();
        root = new Synthetic.Dir(this, null, "", 0555, () -> top);
        Map<String, Synthetic.Node> devMap = Synthetic.map();
        Synthetic.Dir devicesDir = new Synthetic.Dir(this, root, "devices", 0755, () -> devMap);
        top.put("devices", devicesDir);
        Map<String, Synthetic.Node> sysMap = Synthetic.map();
        Synthetic.Dir system = new Synthetic.Dir(this, devicesDir, "system", 0755, () -> sysMap);
        devMap.put("system", system);
        Map<String, Synthetic.Node> cpuMap = Synthetic.map();
        Synthetic.Dir cpu = new Synthetic.Dir(this, system, "cpu", 0755, () -> cpuMap);
        sysMap.put("cpu", cpu);
        for (String n : new String[] {"online", "possible", "present"}) {
            cpuMap.put(n, new Synthetic.File(this, cpu, n, 0444, () -> range));
        }
        for (String n : new String[] {"kernel", "fs", "class"}) dir(root, n, top);
    }

    private Synthetic.Dir dir(Synthetic.Dir parent, String name, Map<String, Synthetic.Node> into) {
        Synthetic.Dir d = new Synthetic.Dir(this, parent, name, 0755, Map::of);
        into.putIfAbsent(name, d);
        return d;
    }

    @Override
    public String type() {
        return "sysfs";
    }
}
