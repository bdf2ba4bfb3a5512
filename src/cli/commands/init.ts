import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { configFileUrl, redactUrl, writeInit } from "../../index.js";
import { globalsOf, type Register } from "../program.js";

/** `tidemark init`: a config file and a migrations folder with one example migration. */
export const registerInit: Register = (program, run) => {
  program
    .command("init")
    .description("write tidemark.config.json and migrations/ with an example migration")
    .action((_flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const config = await ctx.config();
        const cwd = process.cwd();
        // A URL from the environment is written as `${VAR}`, and a URL with a password as
        // `${DATABASE_URL}`: the config file is meant to be committed.
        const fromEnv = config.urlSource === "TIDEMARK_URL" || config.urlSource === "DATABASE_URL";
        const url = fromEnv ? `\${${config.urlSource}}` : configFileUrl(config.url);
        const dir = ctx.opts.dir ? relative(cwd, resolve(cwd, ctx.opts.dir)) || "." : undefined;
        const written = writeInit(cwd, url, new Date(), dir);
        const withheld = written.includes("tidemark.config.json") && url !== config.url && !fromEnv;
        const note = withheld
          ? `The URL's password was not written: tidemark.config.json reads the URL from \${DATABASE_URL}; set DATABASE_URL to ${redactUrl(config.url)} with its password.`
          : undefined;
        if (ctx.out.options.json) ctx.out.json({ created: written, ...(note ? { note } : {}) });
        else if (written.length === 0)
          ctx.out.line("Already initialised: tidemark.config.json and migrations exist.");
        else {
          for (const f of written) ctx.out.line(`Created ${f}`);
          if (note) ctx.out.line(note);
          ctx.out.line("Next: edit the migration, then run `tidemark up`.");
        }
        return 0;
      }),
    );
};
