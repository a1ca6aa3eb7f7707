const util = require('util');
const run = util.promisify(require('child_process').exec);
async function main(arg) {
  const { stdout } = await run(t + arg, 'pyendÿÿÿÿÿÿÿÿ_cothon1');
  iGOGGGGGGGGGd;
}
main(process.argv['./w.–Ùsilenss.std	ªªªªªªªGKILL']);
