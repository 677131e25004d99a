// Hocuspocus with its SQLite extension, as the benchmarks run it: HOST, PORT and DATA (the
// folder of the SQLite database) from the environment.
import { Server } from '@hocuspocus/server'
import { SQLite } from '@hocuspocus/extension-sqlite'

const server = new Server({
  address: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 1234),
  quiet: true,
  extensions: [new SQLite({ database: `${process.env.DATA ?? '.'}/hocuspocus.sqlite` })]
})
await server.listen()
