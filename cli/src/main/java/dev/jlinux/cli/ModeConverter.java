// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jlinux.cli;

import dev.jlinux.conformance.Target;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --modes native,translate}: each name becomes a {@link Target}; an unknown one is a usage error naming the choices. */
final class ModeConverter implements ITypeConverter<Target> {
    @Override
    public Target convert(String value) {
        try {
            return Target.of(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
