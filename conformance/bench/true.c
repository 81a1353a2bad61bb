/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A static `true` for the process-creation benchmark: starts, exits 0. */
int main(void)
{
    return 0;
}
