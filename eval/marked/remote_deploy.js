const { Client } = require("ssh2");

function deploy(host, branch, done) {
  const conn = new Client();
  conn.on("ready", () => {
    conn.exec(`cd /srv/app && git pull origin ${branch} && npm ci`, (err, stream) => { // expect: shell-injection
      if (err) return done(err);
      stream.on("close", (code) => {
        conn.end();
        done(code === 0 ? null : new Error(`exit ${code}`));
      });
    });
  });
  conn.on("error", done);
  conn.connect({ host, username: "deploy", privateKey: process.env.DEPLOY_KEY });
}

function uptime(host, done) {
  const conn = new Client();
  conn.on("ready", () => {
    conn.exec("uptime", (err, stream) => {
      if (err) return done(err);
      stream.on("close", () => conn.end());
    });
  });
  conn.connect({ host, username: "deploy" });
}

module.exports = { deploy, uptime };
