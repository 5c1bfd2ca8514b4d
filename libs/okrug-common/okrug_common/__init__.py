"""Plumbing every Okrug service uses: settings, auth, tenancy, db, outbox, events, rpc,
telemetry, errors. Services import from here and from the generated stubs, never from
each other."""
