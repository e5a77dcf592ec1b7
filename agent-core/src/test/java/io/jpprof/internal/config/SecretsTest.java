package io.jpprof.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Secret values never leave in {@code cmdline} or a warning, in any form an argument can take. */
class SecretsTest {
  @Test
  void propertiesAndOptionsWithSecretNames() {
    assertThat(Secrets.redactArguments(List.of("java", "-Ddb.password=hunter2", "-Dapi.TOKEN=abc",
            "-Daws.secretKey=x", "--spring.datasource.password=p", "-Djpprof.password=pw", "-Dfoo=bar", "-Xmx1g",
            "-Dkeystore", "Main", "password=2")))
        .containsExactly("java", "-Ddb.password=<redacted>", "-Dapi.TOKEN=<redacted>",
            "-Daws.secretKey=<redacted>", "--spring.datasource.password=<redacted>", "-Djpprof.password=<redacted>",
            "-Dfoo=bar", "-Xmx1g", "-Dkeystore", "Main", "password=<redacted>");
  }

  @Test
  void agentOptionsKeepTheirShapeAndLoseTheirSecrets() {
    assertThat(Secrets.redactArguments(List.of(
            "-javaagent:/opt/jpprof-agent.jar=port=6061,token=s3cret,host=0.0.0.0",
            "-javaagent:jpprof-agent.jar=user=ops,password=pw,collectors=heap,mutex",
            "-javaagent:a.jar=token=a,b,c,port=1",
            "-agentlib:jdwp=transport=dt_socket,server=y",
            "-agentpath:/lib/x.so=apiKey=k1")))
        .containsExactly(
            "-javaagent:/opt/jpprof-agent.jar=port=6061,token=<redacted>,host=0.0.0.0",
            "-javaagent:jpprof-agent.jar=user=ops,password=<redacted>,collectors=heap,mutex",
            "-javaagent:a.jar=token=<redacted>,port=1",
            "-agentlib:jdwp=transport=dt_socket,server=y",
            "-agentpath:/lib/x.so=apiKey=<redacted>");
  }

  @Test
  void aSecretFlagsNextArgumentAndUrlPasswords() {
    assertThat(Secrets.redactArguments(List.of("app.jar", "--password", "hunter2", "-token", "t", "--verbose",
            "x", "--db=postgres://app:pw@db:5432/x", "-Dspring.datasource.url=jdbc:mysql://u:p@h/db",
            "http://host/path@x")))
        .containsExactly("app.jar", "--password", "<redacted>", "-token", "<redacted>", "--verbose", "x",
            "--db=postgres://app:<redacted>@db:5432/x", "-Dspring.datasource.url=jdbc:mysql://u:<redacted>@h/db",
            "http://host/path@x");
  }

  @Test
  void secretsInsideOtherArguments() {
    assertThat(Secrets.redactArguments(List.of(
            "-Ddb.url=jdbc:postgresql://db/x?user=app&password=pw1&ssl=true",
            "-Dapp.opts=mode=a,apiToken=t1;level=3",
            "-Dspring.application.json={\"db\":{\"user\":\"a\",\"password\":\"p\\\"w2\"},\"port\":1}",
            "-javaagent:x.jar=port=1,url=http://h/?secret=s1")))
        .containsExactly(
            "-Ddb.url=jdbc:postgresql://db/x?user=app&password=<redacted>&ssl=true",
            "-Dapp.opts=mode=a,apiToken=<redacted>;level=3",
            "-Dspring.application.json={\"db\":{\"user\":\"a\",\"password\":\"<redacted>\"},\"port\":1}",
            "-javaagent:x.jar=port=1,url=http://h/?secret=<redacted>");
  }

  @Test
  void warningsShowSecretValuesRedacted() {
    assertThat(Secrets.shown("JPPROF_PASSWRD", "pw")).isEqualTo("<redacted>");
    assertThat(Secrets.shown("token", "t")).isEqualTo("<redacted>");
    assertThat(Secrets.shown("prot", "6061")).isEqualTo("6061");
  }
}
