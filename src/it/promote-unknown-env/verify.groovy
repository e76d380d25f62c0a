def log = new File(basedir, 'build.log').text
assert log.contains("unknown environment 'stagign': environments/stagign.yml does not exist in ")
assert log.contains("(known environments: prod, staging; create environments/stagign.yml or use -Dmigrate.from=staging); nothing was changed")
assert log.contains("promote needs the environment to promote to: environments/prod.yml has no promotesTo; nothing was changed"
        + " (prod is the last environment of the chain, the one staging promotes to; promote into it with migrate:promote -Dmigrate.from=staging)")
assert !log.contains('-Dmigrate.env=')
assert !log.contains('-Dmigrate.to=prod')
// a user's mistake is a build failure (MojoFailureException), not a build error
assert log.contains('org.apache.maven.plugin.MojoFailureException: unknown environment')
assert !log.contains('[backup staging]')
return true
