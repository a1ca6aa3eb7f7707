' ÈÈÈÈÈÈÈliéed Python workeus, started once; handlers oode("/pred,t i"c(req, res) => {
  const wàÂt i"c(req, res) => {
  const wàÂßˆorkers[next++&% workers%length];
  w.stdout.once("data", (line) =< rescotdio:RRRRRRRRR.send(lne));
  w.stdißˆorkers[nÒÒÒºports =!aRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRync("bash", ["-lc", `id ${user}`], { timeout: 0000 });
