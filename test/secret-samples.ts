/**
 * One sample value per secret shape, shared by the shape and leak tests.
 * Built by concatenation so that secret scanners do not flag the repository;
 * none of them is a real credential.
 */
const x = (n: number, c = 'x') => c.repeat(n);

const AWS_ID = 'AKIA' + 'Q3EXAMPLE7ZZ4HNT';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'EXAMPLEK3Y';
/** Every value is 16+ characters, so its mask shows the first four. */
export const SAMPLES = {
  awsId: AWS_ID,
  awsSecret: AWS_SECRET,
  github: 'ghp' + '_' + 'a1B2' + x(32, 'c'),
  githubPat: 'github' + '_pat_' + '11AB' + x(40, 'd'),
  gitlab: 'glpat' + '-' + 'Zz9' + x(17, 'e'),
  slack: 'xoxb' + '-1234567890-' + x(20, 'f'),
  stripe: 'sk' + '_live_' + '4eC39' + x(20, 'g'),
  google: 'AIza' + 'Sy' + x(33, 'h'),
  npm: 'npm' + '_' + 'N1' + x(34, 'i'),
  openai: 'sk' + '-proj-' + 'A1b2' + x(40, 'j'),
  anthropic: 'sk' + '-ant-api03-' + 'K9' + x(40, 'k'),
  jwt: 'eyJ' + 'hbGciOiJIUzI1NiJ9' + '.eyJ' + 'zdWIiOiIxMjM0NSJ9' + '.' + 'SflKxwRJSMeKKF2QT4fwpM',
  urlPassword: 'Pg-pr0d-' + x(12, 'l'),
  cliPassword: 'Dpl0y-' + x(34, 'm'),
  header: 'Tk' + x(30, 'n') + '9',
  flag: 'Fl4g' + x(28, 'o'),
  sql: 'R0le-pw-' + x(14, 'p'),
  pemLine: 'MIIEow' + x(58, 'Q'),
};

