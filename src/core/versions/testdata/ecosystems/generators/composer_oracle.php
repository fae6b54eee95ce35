<?php
// Writes ../composer-oracle.json: VersionParser::normalize and version_compare of normalized forms.
// Run: php composer_oracle.php  (uses the composer/semver installed at /usr/share/php).
require '/usr/share/php/Composer/Semver/autoload.php';
use Composer\Semver\VersionParser;
$tokens = ["1", "0", "2", "10", "01", "12", "2010", "123456", ".", ".", "-", "_", "v", "V", "beta", "b", "alpha", "a",
  "RC", "rc", "patch", "pl", "p", "stable", "STABLE", "dev", "DEV", "x", "+", "build", "@dev", "Beta", ":"];
mt_srand(2012);
$parser = new VersionParser();
$seen = []; $inputs = [];
while (count($inputs) < 3000) {
  $s = '';
  $n = mt_rand(1, 8);
  for ($k = 0; $k < $n; $k++) $s .= $tokens[mt_rand(0, count($tokens) - 1)];
  if (mt_rand(0, 1)) $s = ["1", "1.0", "2.3.4", "v1.2"][mt_rand(0, 3)] . $s;
  if (isset($seen[$s])) continue;
  $seen[$s] = true;
  try {
    $norm = $parser->normalize($s);
    if (strpos($norm, 'dev-') === 0) { $inputs[] = ['in' => $s, 'valid' => false, 'branch' => true]; continue; }
    $inputs[] = ['in' => $s, 'valid' => true, 'norm' => $norm];
  } catch (\UnexpectedValueException $e) {
    $inputs[] = ['in' => $s, 'valid' => false];
  }
}
$valid = [];
foreach ($inputs as $i => $x) if ($x['valid']) $valid[] = $i;
$pairs = [];
for ($k = 0; $k < 4000; $k++) {
  $i = $valid[mt_rand(0, count($valid) - 1)]; $j = $valid[mt_rand(0, count($valid) - 1)];
  $pairs[] = [$i, $j, version_compare($inputs[$i]['norm'], $inputs[$j]['norm'])];
}
file_put_contents('../composer-oracle.json', json_encode(['source' => 'composer/semver 3.3.2 (Debian php-composer-semver 3.3.2-1) VersionParser::normalize + PHP ' . PHP_VERSION . ' version_compare', 'inputs' => $inputs, 'pairs' => $pairs]));
