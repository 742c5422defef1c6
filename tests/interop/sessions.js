// The real @architect/functions, driven by pytest over JSON lines (see conftest.py).
//
// Each request line is {id, op, env, fresh?, now?, ...arguments}. `env` replaces every
// ARC_*, AWS_* and SESSION_* variable (Node's library re-reads them on every call);
// `fresh` reloads the library so its module caches (service map, session table, clients)
// start empty; `now` pins Date.now for that request. Each answer is {id, result} or
// {id, error: {name, message}}.
'use strict'

const path = require('path')
const readline = require('readline')
const { createRequire } = require('module')

const library = require.resolve('@architect/functions')
// The library's own copies of its dependencies, whichever way npm laid them out.
const libraryRequire = createRequire(library)
const cookie = libraryRequire('cookie')
const signature = libraryRequire('cookie-signature')
const getIdx = libraryRequire('./http/session/providers/_get-idx')
const realNow = Date.now
const packages = `${path.sep}node_modules${path.sep}`
let arc = null

function applyEnv (env) {
  for (const name of Object.keys(process.env)) {
    if (/^(ARC_|AWS_|SESSION_)/.test(name)) delete process.env[name]
  }
  Object.assign(process.env, env)
  // What require('@architect/functions') does once when ARC_ENV is unset.
  if (!process.env.ARC_ENV) process.env.ARC_ENV = 'testing'
}

function load () {
  for (const name of Object.keys(require.cache)) {
    if (name.includes(packages)) delete require.cache[name]
  }
  arc = require('@architect/functions')
}

const ops = {
  read: ({ req }) => arc.http.session.read(req),
  write: ({ session }) => arc.http.session.write(session),
  sign: ({ value, secret }) => signature.sign(value, secret),
  unsign: ({ value, secret }) => signature.unsign(value, secret),
  // The cookie value Node's session providers read from a Cookie header.
  idx: ({ header }) => cookie.parse(getIdx(header))._idx,
  // JSON cannot carry NaN or Infinity: the number comes back as String(Number(text)).
  number: ({ text }) => String(Number(text)),
  base64: ({ text }) => Buffer.from(text, 'base64').toString('hex'),
}

async function answer (line) {
  const { id, op, env, fresh, now, ...args } = JSON.parse(line)
  try {
    applyEnv(env || {})
    if (fresh || !arc) load()
    if (now !== undefined) Date.now = () => now
    const result = await ops[op](args)
    return { id, result: result === undefined ? null : result }
  }
  catch (err) {
    return { id, error: { name: err.name, message: err.message } }
  }
  finally {
    Date.now = realNow
  }
}

// One request at a time, answered in order.
let queue = Promise.resolve()
readline.createInterface({ input: process.stdin }).on('line', line => {
  queue = queue.then(async () => {
    process.stdout.write(JSON.stringify(await answer(line)) + '\n')
  })
})
