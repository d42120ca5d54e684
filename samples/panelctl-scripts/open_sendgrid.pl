#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# open_sendgrid.pl -- what a control panel written in Perl answers the
# browser's "Open SendGrid" POST with: panelctl --json logs the tenant in
# through the SendGrid plugin, and JSON::PP (in Perl's core) reads its one
# JSON object.  docs/integrating.md walks through it; the panelsso tests
# run it against local HTTPS sandboxes (ctest panelctl.scripts).
#
# usage: open_sendgrid.pl CONFIG ACCOUNT_ID REGION
#
# CONFIG is the panelsso configuration (the plugin directory and the
# SendGrid provider's settings).  The tenant's account_id and region come
# from the panel's own database, here from the command line: panelctl's
# --provider and --attr take them, so CONFIG needs no tenants.
#
# Exit status: 0 the browser would be redirected, 1 the login failed (the
# page the browser would get is on stdout), 2 usage error or panelctl
# gave no answer (nothing on stdout).
use strict;
use warnings;
use JSON::PP ();

if (@ARGV != 3) {
    print STDERR "usage: $0 CONFIG ACCOUNT_ID REGION\n";
    exit 2;
}
my ($config, $account_id, $region) = @ARGV;

# The list form runs panelctl without a shell: no quoting, no injection.
# Its stdout is the JSON object; its stderr, where panelctl writes one line
# on failure (what went wrong and what to do), stays ours: the operator's
# log.
open(my $panelctl, '-|', 'panelctl', '-c', $config, '--json', 'login',
     '--provider', 'sendgrid', '--attr', "account_id=$account_id",
     '--attr', "region=$region")
    or die "open_sendgrid.pl: cannot run panelctl: $!\n";
my $json = do { local $/; <$panelctl> };
close($panelctl);
my $exit_code = $? >> 8;    # the same as the object's exit_code

my $r = eval { JSON::PP->new->utf8->decode($json) };
if (ref $r ne 'HASH') {
    print STDERR "open_sendgrid.pl: panelctl gave no answer (exit status $exit_code)\n";
    exit 2;
}
binmode(STDOUT, ':encoding(UTF-8)');

if ($r->{ok}) {
    # Perl cannot wipe a string: the URL stays in this process's memory
    # until it exits, which it does right after the redirect.
    print "HTTP/1.1 303 See Other\r\n",
          "Location: $r->{redirect_url}\r\n",
          "Cache-Control: no-store\r\n",
          "Content-Length: 0\r\n\r\n";
    exit 0;
}

if ($r->{status_name} eq 'AUTH_ERR_RATE_LIMITED') {
    print "HTTP/1.1 429 Too Many Requests\r\n",
          "Retry-After: ", ($r->{retry_after_s} > 0 ? $r->{retry_after_s} : 60), "\r\n";
} else {
    print "HTTP/1.1 502 Bad Gateway\r\n";
}
print "Content-Type: text/plain; charset=utf-8\r\n",
      "Cache-Control: no-store\r\n\r\n",
      ($r->{user_message} ne '' ? $r->{user_message}
                                : 'SendGrid login failed. Please contact support.'), "\n";
exit 1;
