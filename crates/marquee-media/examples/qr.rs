//! Prints the QR code SVG of an address.
fn main() {
    let url = std::env::args().nth(1).expect("usage: qr URL");
    print!(
        "{}",
        marquee_media::qr::qr_svg(&url).expect("a web address")
    );
}
