#!/usr/bin/env node
/** The `noverlay` program. */
import { cliEntry } from '../cli.js';

cliEntry(process.argv.slice(2));
