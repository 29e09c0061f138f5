#!/usr/bin/env node
/** `noverlayd --config FILE …`: the daemon program, equivalent to `noverlay run …`. */
import { cliEntry } from '../cli.js';

cliEntry(['run', ...process.argv.slice(2)]);
