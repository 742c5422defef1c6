// GET /node/count/:provider: the visit counter of GET /count/:provider, in Node.
// Both functions read and write the same session cookie (JWE or DynamoDB).
const arc = require('@architect/functions')

// The session table of each provider, as in the Python function.
const sessionTables = { jwe: 'jwe', ddb: 'sessions' }

async function countVisit (req) {
  const count = (req.session.count || 0) + 1
  const trail = [ ...(req.session.trail || []), 'node' ]
  return { json: { count, trail }, session: { count, trail } }
}

const count = arc.http(countVisit)

exports.handler = async function handler (req, context) {
  const table = sessionTables[req.pathParameters.provider]
  if (!table) {
    const body = JSON.stringify({ error: 'providers: jwe, ddb' })
    return { statusCode: 404, headers: { 'content-type': 'application/json' }, body }
  }
  process.env.ARC_SESSION_TABLE_NAME = table
  return count(req, context)
}
