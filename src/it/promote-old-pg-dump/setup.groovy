// invoker copies the project without the executable bits
['pg_dump', 'pg_restore', 'psql'].each { assert new File(basedir, 'old-pg-bin/' + it).setExecutable(true) }
return true
